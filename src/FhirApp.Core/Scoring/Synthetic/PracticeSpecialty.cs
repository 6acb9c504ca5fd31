namespace FhirApp.Core.Scoring.Synthetic;

/// <summary>Which services the simulated practice bills.</summary>
public enum PracticeSpecialty
{
    /// <summary>Office visits, joint injections, knee imaging, arthroscopy, knee arthroplasty.</summary>
    Orthopedics,

    /// <summary>Psychotherapy (90834, 90837).</summary>
    BehavioralHealth,

    /// <summary>Both, as the demo practice (Riverside Orthopedics &amp; Specialty Care).</summary>
    Mixed,
}
