using System.Globalization;
using FhirApp.Core.Scrubbing.Learned;

namespace FhirApp.Cli.Rules;

/// <summary>Prints a learned rule book as a plain table (one row per rule) and what the reading skipped.</summary>
internal static class LearnedRuleTable
{
    public static void Write(TextWriter output, LearnedRuleBook book)
    {
        var c = CultureInfo.InvariantCulture;
        var h = book.History;
        output.WriteLine(string.Create(c, $"History: {h.Claims} claims, {h.Adjudicated} adjudicated, {h.Denied} denied, dates of service {h.FirstService:yyyy-MM-dd} to {h.LastService:yyyy-MM-dd}."));
        output.WriteLine(string.Create(c, $"Skipped: {h.WithoutOutcome} without an outcome, {h.EobsWithoutClaim} EOBs without their claim, {h.SupersededAdjudications} superseded adjudications, {h.WithoutServiceDateOrPayer} without a date of service or payer, {h.UnknownCodeLines} lines with unknown codes, {h.UnreadableResources} unreadable resources; {h.UnknownReasonCodes} reasons not in the CARC table (kept)."));
        output.WriteLine();
        output.WriteLine($"{"payer",-28} {"claims",6} {"denied",6} {"base",6}  history");
        foreach (var payer in book.Payers)
        {
            output.WriteLine(string.Create(c, $"{Cut(payer.PayerName, 28),-28} {payer.Claims,6} {payer.Denied,6} {payer.BaseRate,6:P0}  {(payer.EnoughHistory ? "enough" : "too little: conservative defaults")}"));
        }

        output.WriteLine();
        output.WriteLine($"{"payer",-22} {"shape",-22} {"parameters",-34} {"support",7} {"denied",6} {"rate",5} {"base",5} {"lower",5} {"sev",6} {"carc",-10} {"dates",-23} effective");
        foreach (var rule in book.Rules)
        {
            var effective = rule.EffectiveFrom is { } from ? $"from {from:yyyy-MM-dd}" : rule.EffectiveTo is { } to ? $"until {to:yyyy-MM-dd}" : "";
            output.WriteLine(string.Create(c,
                $"{Cut(rule.PayerName, 22),-22} {System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(rule.Shape.ToString()),-22} {Cut(Parameters(rule.Parameters), 34),-34} {rule.Support,7} {rule.Denied,6} {rule.DenialRate,5:0.00} {rule.BaseRate,5:0.00} {rule.LowerBound,5:0.00} {(rule.Severity == Core.Scrubbing.FindingSeverity.Hold ? "hold" : "review"),6} {Cut(string.Join(" ", rule.Carcs.Take(1).Concat(rule.Rarcs.Take(1))), 10),-10} {rule.FirstSeen:yyyy-MM-dd}..{rule.LastSeen:yyyy-MM-dd} {effective}"));
        }

        output.WriteLine(string.Create(c, $"{book.Rules.Count} rule(s) for {book.Payers.Count} payer(s); rule book version {book.Version}."));
    }

    /// <summary>The parameters in a few words: "73721", "27447 needs RT/LT/50", "lag > 90 d".</summary>
    public static string Parameters(LearnedRuleParameters p)
    {
        var c = CultureInfo.InvariantCulture;
        var parts = new List<string>();
        if (p.OtherCode is { } other)
        {
            parts.Add($"{other} + {p.Code}" + (p.Modifiers is { Count: > 0 } ? " unless 59/X" : ""));
        }
        else if (p.Code is { } code)
        {
            parts.Add(code);
        }

        if (p.OtherCode is null && p.Modifiers is { Count: > 0 } modifiers)
        {
            parts.Add("needs " + string.Join("/", modifiers) + (p.Condition is null ? "" : " w/ procedure"));
        }

        if (p.Diagnoses is { } dx)
        {
            parts.Add($"dx in {string.Join(" ", dx.Take(3))}{(dx.Count > 3 ? " …" : "")}");
        }

        if (p.PlacesOfService is { } pos)
        {
            parts.Add("pos " + string.Join("/", pos));
        }

        if (p.Code is null && p.Days is { } days)
        {
            parts.Add(string.Create(c, $"lag > {days} d") + (p.DaysDenied is { } denied ? string.Create(c, $" (denied from {denied})") : ""));
        }
        else if (p.Code is not null && p.Days is { } window && p.Modifiers is null)
        {
            parts.Add(string.Create(c, $"{window} d"));
        }

        if (p.MaxUnits is { } max)
        {
            parts.Add(string.Create(c, $"max {max:0.##} units"));
        }

        if (p.Months is { } months)
        {
            parts.Add(string.Create(c, $"coverage >= {months} months"));
        }

        if (p.AfterEligibilityDenial == true)
        {
            parts.Add("after an eligibility denial");
        }

        if (p.DiagnosisPattern is { } pattern)
        {
            parts.Add(pattern);
        }

        if (p.Shapes is { } shapes)
        {
            parts.Add("ids " + string.Join(" ", shapes.Take(2)) + (shapes.Count > 2 ? " …" : ""));
        }

        return string.Join(", ", parts);
    }

    private static string Cut(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";
}
