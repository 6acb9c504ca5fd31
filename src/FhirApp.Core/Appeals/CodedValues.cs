using FhirApp.Core.Claims;

namespace FhirApp.Core.Appeals;

/// <summary>
/// The claim's coded values as the letter prints them ("M17.11 Unilateral primary osteoarthritis, right knee",
/// "20610-RT"): one function for the letter and for the backing check, so both spell them the same way.
/// </summary>
internal static class CodedValues
{
    public static IReadOnlyList<string> Diagnoses(ClaimDetail detail) =>
        detail.Diagnoses.Where(d => d.Code is not null).Select(d => d.Display is { Length: > 0 } display ? $"{d.Code} {display}" : d.Code!).ToList();

    public static string Line(ClaimLineDetail line) =>
        string.Join("-", new[] { line.Code ?? "(no code)" }.Concat(line.Modifiers));

    /// <summary>Every coded value of the claim, for the backing check.</summary>
    public static IReadOnlyList<string> All(ClaimDetail detail) => [.. Diagnoses(detail), .. detail.Lines.Select(Line)];
}
