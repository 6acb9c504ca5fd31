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
}
