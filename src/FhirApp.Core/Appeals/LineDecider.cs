using System.Globalization;
using FhirApp.Core.Denials;
using FhirApp.Core.Documentation;

namespace FhirApp.Core.Appeals;

/// <summary>
/// Decides one denied line: the denial's kind and mechanism say what could be done, the evidence (the chart's quotes, the
/// claim's coded facts, and what the record says against them) says what can, and the deadline says whether there is
/// time to ask the clinician first. The expected value is applied after, over the whole claim (<see cref="ApplyValue"/>).
/// Every decision says why in one plain sentence, with no codes beyond the payer's reason and the line as billed.
/// </summary>
internal static class LineDecider
{
    public static LineDecision Decide(LineFacts input)
    {
        var d = input.Denial;
        var what = input.Billed is null ? "the claim" : $"line {d.Line} ({input.Billed})";
        var reason = d.Label ?? "the payer's reason";
        LineDecision Make(DenialRoute action, string why, string? adjustment = null, IReadOnlyList<Criterion>? ask = null) => new()
        {
            Line = d.Line,
            Billed = input.Billed,
            Reason = d.Label,
            Mechanism = input.Mechanism,
            Category = d.Cause.Category,
            Action = action,
            Why = why,
            AdjustmentReason = action == DenialRoute.WriteOff ? adjustment ?? d.Label : null,
            Amount = d.Amount,
            OverturnProbability = input.OverturnProbability,
            Deadline = input.DeadlineFor(action),
            Evidence = input.Evidence,
            ToAsk = ask ?? [],
        };

        if (d.Kind == DenialKind.Rejection)
        {
            return Make(DenialRoute.Resubmit, "The payer never adjudicated the claim (a rejection): fix it and send it as a new claim; there is nothing to appeal.");
        }

        if (d.Kind is DenialKind.Reversal or DenialKind.Recoupment)
        {
            return Make(DenialRoute.Review, "The payer reversed or took back a payment: read its notice and the account before choosing what to do.");
        }

        switch (input.Mechanism)
        {
            case AppealMechanism.Coding:
                return Make(DenialRoute.CorrectedClaim, $"{reason} points at our own coding of {what}: correct the line and send a corrected claim.");
            case AppealMechanism.MissingInformation:
                return Make(DenialRoute.CorrectedClaim, $"{reason}: the claim lacked or misstated data the payer needs; complete it and send a corrected claim.");
            case AppealMechanism.NonCovered:
                return d.Group == "PR"
                    ? Make(DenialRoute.BillPatient, $"{reason}: the plan does not cover {what} and assigned it to the patient, so bill the patient.")
                    : Make(DenialRoute.WriteOff, $"{reason}: the plan does not cover {what} and the contract bars billing the patient, so adjust it off.");
            case AppealMechanism.ProviderEnrollment:
                return Make(DenialRoute.Review, $"{reason}: the rendering provider was not enrolled with the plan on the date of service; credentialing confirms enrollment before any corrected claim or appeal.");
            case AppealMechanism.Other:
                return Make(DenialRoute.Review, $"{reason} is not a cause FhirApp knows how to work: read the payer's notice before acting.");
        }

        var evidence = input.Evidence!;
        var primary = evidence.Primary;
        var appealDeadline = input.DeadlineFor(DenialRoute.Appeal);
        if (appealDeadline is { } due && input.DaysLeft(due.Date) < 0)
        {
            return Make(DenialRoute.WriteOff, $"The {due.Level} window closed on {Iso(due.Date)}: nothing can be recovered, so adjust it off with {reason}.");
        }

        CriterionResult? Fact(string id) => primary.Criteria.FirstOrDefault(c => c.Criterion.Fact == id);
        string Shown(CriterionResult? r) => r is { Evidence.Count: > 0 } ? r.Evidence[0].Text : "";

        switch (input.Mechanism)
        {
            case AppealMechanism.Authorization:
            {
                var auth = Fact("auth-on-file");
                if (auth is { Found: true, Alternative: { } notOnClaim })
                {
                    return Make(DenialRoute.CorrectedClaim, $"{Upper(notOnClaim)}: send a corrected claim carrying the authorization number.");
                }

                if (auth is { Found: true })
                {
                    return Make(DenialRoute.Appeal, $"{Shown(auth)} was on file for the date of service: appeal with it.");
                }

                var against = auth?.Contradiction ?? "no authorization covers the service";
                var necessity = evidence.Supporting;
                if (necessity is not null && !necessity.Criteria.Any(c => c.Criterion.IsQuote && c.Found) && input.CanAsk(appealDeadline))
                {
                    return Make(DenialRoute.AskClinician,
                        $"{Upper(against)}, and the note does not yet show why the service was needed: ask {input.Clinician} to document it, then request a retroactive authorization.",
                        ask: necessity.MissingQuotes);
                }

                return Make(DenialRoute.RetroAuthorization,
                    $"{Upper(against)}: ask the payer for a retroactive authorization, with the medical necessity the note documents.",
                    ask: necessity?.MissingQuotes);
            }

            case AppealMechanism.TimelyFiling:
            {
                var submitted = Fact("submission-date");
                return submitted is { Found: true }
                    ? Make(DenialRoute.Appeal, $"{Shown(submitted)}, within the filing limit: appeal with the proof of timely filing.")
                    : Make(DenialRoute.WriteOff, $"{Upper(submitted?.Contradiction ?? "no proof of the original submission date is on file")}: without proof of timely filing nothing can be recovered, so adjust it off with {reason}.");
            }

            case AppealMechanism.Eligibility:
            {
                var coverage = Fact("coverage-on-date");
                var member = Fact("member-id");
                if (member is { Contradicted: true })
                {
                    return Make(DenialRoute.CorrectedClaim, $"{Upper(member.Contradiction!)}: correct the member id from the insurance card and send a corrected claim.");
                }

                if (coverage is { Found: true })
                {
                    return Make(DenialRoute.Appeal, $"The coverage billed ({Shown(coverage)}) was in force on the date of service: appeal with it.");
                }

                var against = coverage?.Contradiction ?? "the coverage billed was not in force on the date of service";
                if (input.OtherCoverage(coverage) is { } other)
                {
                    return Make(DenialRoute.CorrectedClaim, $"{Upper(against)}, but {other}: send the claim to that coverage.");
                }

                return d.Group == "PR"
                    ? Make(DenialRoute.BillPatient, $"{Upper(against)} and no other coverage is on file: the payer assigned the amount to the patient, so bill the patient once the front desk confirms there is no other coverage.")
                    : Make(DenialRoute.WriteOff, $"{Upper(against)}, no other coverage is on file, and the payer holds the practice liable: adjust it off with {reason}.");
            }

            case AppealMechanism.Duplicate:
            {
                var distinct = Fact("distinct-service");
                if (distinct is { Found: true })
                {
                    return Make(DenialRoute.Appeal, $"The record shows the service is not a repeat ({Shown(distinct)}): appeal showing what makes it distinct.");
                }

                return distinct is { Contradicted: true }
                    ? Make(DenialRoute.WriteOff, $"{Upper(distinct.Contradiction!)}: this claim repeats it, so adjust the copy off with {reason}.", adjustment: reason)
                    : Make(DenialRoute.Review, "The payer calls it a duplicate, but no other claim for that date is on file: check the claim's status with the payer before acting.");
            }

            case AppealMechanism.Bundling:
            {
                var indicator = Fact("modifier-indicator");
                if (indicator is { Contradicted: true })
                {
                    return Make(DenialRoute.WriteOff, $"{Upper(indicator.Contradiction!)}, so adjust it off with {reason}.");
                }

                var documented = primary.Criteria.FirstOrDefault(c => c.Criterion.IsQuote);
                var modifier = input.IsEvaluationAndManagement ? "25" : "XS, XE or 59";
                if (documented is { Found: true })
                {
                    return Make(DenialRoute.CorrectedClaim, $"The note documents {Lower(documented.Criterion.Text)}, but the line carries no modifier: add {modifier} and send a corrected claim.");
                }

                if (documented is { Contradicted: false } && input.CanAsk(appealDeadline))
                {
                    return Make(DenialRoute.AskClinician, $"The pair was billed without a modifier and the note does not show {Lower(documented.Criterion.Text)}: ask {input.Clinician} to document each service before any corrected claim.", ask: primary.MissingQuotes);
                }

                return Make(DenialRoute.WriteOff, $"The pair was billed without a modifier and the note shows nothing distinct: the bundling stands, so adjust it off with {reason}.");
            }
        }

        // Medical necessity, modifier 25, a distinct procedure, units: argued from the note.
        if (primary.Set.InclusiveWith.FirstOrDefault(input.ClaimHasOtherLineWith) is { } including)
        {
            return Make(DenialRoute.WriteOff, $"{input.Code} is never reported apart from {including} on the same claim ({primary.Set.InclusiveReason ?? "the code includes it"}): adjust it off with {reason}.");
        }

        if (Fact("diagnosis-covered") is { Contradicted: true } uncovered)
        {
            return Make(DenialRoute.CorrectedClaim, $"{Upper(uncovered.Contradiction!)}: if the note supports a covered diagnosis, recode and send a corrected claim; otherwise the denial stands.");
        }

        if (primary.Criteria.FirstOrDefault(c => c.Contradicted) is { } contradicted)
        {
            return input.Mechanism == AppealMechanism.Units
                ? Make(DenialRoute.CorrectedClaim, $"{Upper(contradicted.Contradiction!)}: send a corrected claim with the units the note supports.")
                : Make(DenialRoute.WriteOff, $"{Upper(contradicted.Contradiction!)}, which is the opposite of what an appeal would argue: adjust it off with {reason}.");
        }

        if (primary.MissingFacts is [var missingFact, ..])
        {
            return Make(DenialRoute.Review, $"The claim does not show {Lower(missingFact.Criterion.Text)}: check the claim before appealing {what}.");
        }

        var title = Title(input.Mechanism);
        var quoted = primary.Criteria.Count(c => c.Criterion.IsQuote && c.Found);
        var missing = primary.MissingQuotes;
        if (missing.Count == 0)
        {
            return Make(DenialRoute.Appeal, $"The note documents everything the payer needs for {title} ({quoted} point{(quoted == 1 ? "" : "s")} quoted): appeal {what}.");
        }

        var lacking = string.Join("; ", missing.Select(m => Lower(m.Text)));
        if (input.CanAsk(appealDeadline))
        {
            return Make(DenialRoute.AskClinician, $"The note does not yet show {lacking}: ask {input.Clinician} to document it, then appeal.", ask: missing);
        }

        if (quoted > 0)
        {
            var why = !input.ClinicianKnown || appealDeadline is null
                ? "no rendering clinician is named to ask"
                : string.Create(CultureInfo.InvariantCulture, $"only {input.DaysLeft(appealDeadline.Date)} days are left");
            return Make(DenialRoute.Appeal, $"Appeal {what} now with what the note shows ({quoted} point{(quoted == 1 ? "" : "s")}); it does not show {lacking}, and {why}.");
        }

        return Make(DenialRoute.WriteOff, $"The chart shows none of what the payer needs for {title} and there is no one to ask in time: adjust it off with {reason}.");
    }

    /// <summary>
    /// The expected value of the lines worked (appealed, retro-authorized or asked about): P(overturn) × amount, less the
    /// cost of working the claim, counted once (the line worth most carries it; the others ride in the same letter). When
    /// the worked lines together are not worth that cost, they are written off, each saying so.
    /// </summary>
    public static IReadOnlyList<LineDecision> ApplyValue(IReadOnlyList<LineDecision> decisions, decimal reworkCost)
    {
        var worked = decisions.Where(IsWorked).OrderByDescending(x => (decimal)x.OverturnProbability * x.Amount).ToList();
        if (worked.Count == 0)
        {
            return decisions;
        }

        var carrier = worked[0];
        var total = worked.Sum(x => (decimal)x.OverturnProbability * x.Amount) - reworkCost;
        return decisions.Select(x =>
        {
            if (!IsWorked(x))
            {
                return x;
            }

            var gross = (decimal)x.OverturnProbability * x.Amount;
            var value = decimal.Round(gross - (x == carrier ? reworkCost : 0m), 2);
            return total > 0 && gross > 0
                ? x with { ExpectedValue = value }
                : x with
                {
                    Action = DenialRoute.WriteOff,
                    AdjustmentReason = x.Reason,
                    Deadline = null,
                    ExpectedValue = value,
                    ToAsk = [],
                    Why = string.Create(CultureInfo.InvariantCulture,
                        $"At a {x.OverturnProbability:P0} chance of overturn, the claim's {Money(worked.Sum(w => w.Amount))} denied is worth {Money(total + reworkCost)}, not more than the {Money(reworkCost)} it costs to work: adjust it off with {x.Reason ?? "the payer's reason"}."),
                };
        }).ToList();
    }

    private static bool IsWorked(LineDecision x) => x.Action is DenialRoute.Appeal or DenialRoute.RetroAuthorization or DenialRoute.AskClinician;

    /// <summary>The mechanism in plain words.</summary>
    public static string Title(AppealMechanism mechanism) => mechanism switch
    {
        AppealMechanism.MedicalNecessity => "medical necessity",
        AppealMechanism.Modifier25 => "a separately identifiable visit (modifier 25)",
        AppealMechanism.DistinctProcedure => "a distinct procedure",
        AppealMechanism.Units => "the units billed",
        AppealMechanism.Authorization => "prior authorization",
        AppealMechanism.TimelyFiling => "timely filing",
        AppealMechanism.Eligibility => "coverage on the date of service",
        AppealMechanism.Duplicate => "a service that is not a duplicate",
        AppealMechanism.Bundling => "bundling",
        AppealMechanism.Coding => "coding",
        AppealMechanism.MissingInformation => "missing information",
        AppealMechanism.NonCovered => "a non-covered benefit",
        AppealMechanism.ProviderEnrollment => "provider enrollment",
        _ => "an unknown cause",
    };

    private static string Upper(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static string Lower(string text) => text.Length == 0 ? text : char.ToLowerInvariant(text[0]) + text[1..];

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Money(decimal amount) => amount.ToString("$#,##0.00", CultureInfo.InvariantCulture);
}

/// <summary>What <see cref="LineDecider"/> reads about one denied line, gathered by the appeal service.</summary>
internal sealed record LineFacts
{
    public required DetectedDenial Denial { get; init; }

    public required AppealMechanism Mechanism { get; init; }

    public string? Billed { get; init; }

    public string? Code { get; init; }

    public bool IsEvaluationAndManagement { get; init; }

    public LineEvidence? Evidence { get; init; }

    public double OverturnProbability { get; init; }

    /// <summary>The rendering clinician by name, or "the clinician".</summary>
    public string Clinician { get; init; } = "the clinician";

    /// <summary>A rendering clinician the request can be addressed to.</summary>
    public bool ClinicianKnown { get; init; }

    public int AddendumLeadDays { get; init; }

    public required Func<DenialRoute, Deadline?> DeadlineFor { get; init; }

    public required Func<DateOnly, int> DaysLeft { get; init; }

    public required Func<string, bool> ClaimHasOtherLineWith { get; init; }

    /// <summary>Another coverage in force on the date of service, in words, when the record shows one.</summary>
    public Func<CriterionResult?, string?> OtherCoverage { get; init; } = r => r?.Contradiction is { } c && c.StartsWith("coverage ", StringComparison.Ordinal) ? c : null;

    /// <summary>There is someone to ask and time for an answer before the deadline.</summary>
    public bool CanAsk(Deadline? deadline) => ClinicianKnown && (deadline is null || DaysLeft(deadline.Date) >= AddendumLeadDays);
}
