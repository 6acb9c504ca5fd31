using FhirApp.Web.Smart;

namespace FhirApp.Web.Access;

/// <summary>
/// Who may see what, in one place. A patient launch sees its own patient only. A practice-wide view needs a practice
/// launch (no patient in context) whose user/ scopes reach every FHIR type the view's data comes from: the EHR has then
/// said this user may see those records across the practice. The audit trail is the owners' alone.
/// </summary>
public static class LaunchAccess
{
    private static readonly Dictionary<PracticeView, string[]> Reads = new()
    {
        [PracticeView.Denials] = ["Claim", "ExplanationOfBenefit"],
        [PracticeView.Dashboard] = ["Claim", "ExplanationOfBenefit"],
        [PracticeView.Model] = ["Claim", "ExplanationOfBenefit"],
        [PracticeView.Jobs] = ["ExplanationOfBenefit", "ClaimResponse"],
        [PracticeView.Audit] = [],
        [PracticeView.PayerRules] = ["Claim", "ExplanationOfBenefit"],
    };

    /// <summary>The FHIR types whose user/ search scopes the view needs.</summary>
    public static IReadOnlyList<string> TypesRead(PracticeView view) => Reads[view];

    public static bool MaySee(LaunchContext launch, PracticeView view)
    {
        ArgumentNullException.ThrowIfNull(launch);
        return launch.IsPracticeLaunch
            && Reads[view].All(type => launch.Allows(type, 's'))
            && (view != PracticeView.Audit || launch.IsOwner);
    }

    /// <summary>Why <see cref="MaySee"/> says no, in words for the page.</summary>
    public static string WhyNot(LaunchContext launch, PracticeView view, string what)
    {
        ArgumentNullException.ThrowIfNull(launch);
        if (!launch.IsPracticeLaunch)
        {
            return $"{what} covers the whole practice, and FhirApp was opened from one patient's chart. Open it from the EHR's billing worklist (a launch without a patient) to see it.";
        }
        return view == PracticeView.Audit && !launch.IsOwner
            ? $"Only the practice's owners can see {what.ToLowerInvariant()}. Ask an owner, or your administrator to add your EHR account to the owners."
            : $"Your EHR account did not give FhirApp access to the practice's claims and remittances, which {what.ToLowerInvariant()} is made of. Ask your EHR administrator for that access.";
    }
}
