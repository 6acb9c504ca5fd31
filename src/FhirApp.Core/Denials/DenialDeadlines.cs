using FhirApp.Core.Scrubbing;

namespace FhirApp.Core.Denials;

/// <summary>
/// Routes a denial (corrected claim, appeal, resubmission, review) and dates its deadline from the payer's appeal
/// windows, counted from the decision date (EOB / ClaimResponse <c>created</c>). Days left come from the injected clock.
/// </summary>
public sealed class DenialDeadlines(IReadOnlyList<PayerPolicy> payers, TimeProvider clock)
{
    /// <summary>
    /// Our own data errors (coding, missing information, eligibility on file, bundling billed without a supported
    /// modifier) are fixed by a corrected claim: an appeal would argue for data we sent wrong. Authorization, medical
    /// necessity and timely filing contest the payer's decision with evidence (the auth on file, the note, proof of
    /// timely submission): an appeal. Rejections were never adjudicated, so they are resubmitted as new claims;
    /// reversals, recoupments, duplicates and unknown causes need a biller to read the account before choosing.
    /// </summary>
    public static DenialRoute Route(DenialKind kind, DenialCategory category) => kind switch
    {
        DenialKind.Rejection => DenialRoute.Resubmit,
        DenialKind.Reversal or DenialKind.Recoupment => DenialRoute.Review,
        _ => category switch
        {
            DenialCategory.Coding or DenialCategory.MissingInformation or DenialCategory.Eligibility or DenialCategory.Bundling => DenialRoute.CorrectedClaim,
            DenialCategory.Authorization or DenialCategory.MedicalNecessity or DenialCategory.TimelyFiling => DenialRoute.Appeal,
            _ => DenialRoute.Review,
        },
    };

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>The payer's windows in force on the decision date, or <see cref="AppealWindows.Default"/>.</summary>
    public AppealWindows WindowsFor(string? payerId, DateOnly decisionDate) =>
        Policy(payerId)?.For(decisionDate)?.AppealWindows ?? AppealWindows.Default;

    /// <summary>
    /// The deadline of a route at an appeal level (0 = first), or null without a decision date. Corrected claims use the
    /// payer's corrected-claim window when it has one; a rejection is resubmitted within the filing limit from the date
    /// of service (null when either is unknown); a write-off or a patient bill owes the payer nothing (null); everything
    /// else (an appeal, and the retro-authorization request or addendum that comes before one) uses the level's appeal
    /// window. For a level after the first, <paramref name="decisionDate"/> is the date of the prior level's decision.
    /// This is the one place an appeal date is computed: the queue, the appeal screen and the letter all show its result.
    /// </summary>
    public Deadline? For(string? payerId, DateOnly? decisionDate, DateOnly? serviceDate, DenialRoute route, int level = 0)
    {
        if (decisionDate is not { } decided || route is DenialRoute.WriteOff or DenialRoute.BillPatient)
        {
            return null;
        }

        var windows = WindowsFor(payerId, decided);
        if (route == DenialRoute.Resubmit)
        {
            // A rejected claim has no appeal window: only the filing limit bounds its resubmission.
            return serviceDate is { } dos && Policy(payerId)?.For(dos) is { FilingLimitDays: { } limit } version
                ? new Deadline(dos.AddDays(limit), "new claim (filing limit)", version.FilingLimitClause ?? version.Source)
                : null;
        }

        if (route == DenialRoute.CorrectedClaim && windows.CorrectedClaimDays is { } correctedDays)
        {
            return new Deadline(decided.AddDays(correctedDays), "corrected claim", windows.CorrectedClaimClause ?? "payer corrected-claim window");
        }

        var at = windows.Levels[Math.Clamp(level, 0, windows.Levels.Count - 1)];
        return new Deadline(decided.AddDays(at.Days), at.Level, at.Clause);
    }

    /// <summary>The form the request at an appeal level (0 = first) takes, from the payer's windows in force on the decision date.</summary>
    public AppealForm FormFor(string? payerId, DateOnly decisionDate, int level) => WindowsFor(payerId, decisionDate).FormAt(level);

    /// <summary>How many appeal levels the payer's windows name (at least one).</summary>
    public int LevelCount(string? payerId, DateOnly decisionDate) => WindowsFor(payerId, decisionDate).Levels.Count;

    /// <summary>Days from today to the deadline (negative when passed).</summary>
    public int DaysLeft(DateOnly deadline) => deadline.DayNumber - Today.DayNumber;

    /// <summary>The payer's name from the payer file (matched by id, identifier or alias), or null when the file does not know it.</summary>
    public string? PayerName(string? payerId) => Policy(payerId)?.Name;

    /// <summary>The payer's policy through the rule content's <see cref="PayerDirectory"/>, as the scrubber finds it.</summary>
    private PayerPolicy? Policy(string? payerId) =>
        RuleBook.DirectoryOf(payers).KeyOf(payerId) is { } key
            ? payers.FirstOrDefault(p => string.Equals(p.PayerId, key, StringComparison.OrdinalIgnoreCase))
            : null;
}
