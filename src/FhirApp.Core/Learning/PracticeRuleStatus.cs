namespace FhirApp.Core.Learning;

/// <summary>Where a learned rule stands in a practice.</summary>
public enum PracticeRuleStatus
{
    /// <summary>Found by the latest mining; nobody has decided yet. It fires.</summary>
    Learned,

    /// <summary>An owner confirmed it: it fires, and stays even if a later mining no longer finds it.</summary>
    Confirmed,

    /// <summary>An owner dismissed it: it never fires.</summary>
    Dismissed,
}
