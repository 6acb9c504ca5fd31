namespace FhirApp.Core.Appeals;

/// <summary>How one payer receives appeal packets (configuration "Appeals:Payers:{payer id}").</summary>
public sealed class PayerChannelOptions
{
    /// <summary>"cdex" (Da Vinci CDex <c>$submit-attachment</c> to <see cref="Endpoint"/>), "portal" or "fax" (an export a biller uploads or faxes).</summary>
    public string Channel { get; set; } = "portal";

    /// <summary>The payer's FHIR base URL, for "cdex".</summary>
    public string? Endpoint { get; set; }

    /// <summary>The appeals fax number, printed on the fax cover sheet, for "fax".</summary>
    public string? Fax { get; set; }

    /// <summary>The portal's address, shown to the biller, for "portal".</summary>
    public string? Portal { get; set; }
}
