namespace FhirApp.Core.Denials;

/// <summary>
/// Where an appeal stands with the payer. Filing the letter in the chart is not sending it: <see cref="Filed"/> means the
/// chart has it and the payer does not; only <see cref="Submitted"/> (sent by a payer channel, with its acknowledgement)
/// means the payer received it.
/// </summary>
public enum AppealStatus
{
    /// <summary>Being written; the letter can change.</summary>
    Draft,

    /// <summary>Sent to the payer, with the payer's (or the biller's confirmed) acknowledgement.</summary>
    Submitted,

    Overturned,
    Upheld,
    Partial,

    /// <summary>Filed in the chart (a DocumentReference on the EHR), not sent to the payer.</summary>
    Filed,

    /// <summary>Exported for the payer's portal or fax; sent once the biller confirms the upload or the fax with its confirmation number.</summary>
    Exported,
}
