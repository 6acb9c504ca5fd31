namespace FhirApp.Web.Access;

/// <summary>The screens that show the whole practice rather than one patient.</summary>
public enum PracticeView
{
    /// <summary>The denials work queue across patients (a patient launch sees its own patient's denials instead).</summary>
    Denials,
    Dashboard,
    Model,
    Jobs,
    Audit,

    /// <summary>The payer rules, shipped and learned from the practice's remittances.</summary>
    PayerRules,
}
