using System.Net;
using System.Text.RegularExpressions;
using FhirApp.Core.Scrubbing.Rules;

namespace FhirApp.Core.Appeals;

/// <summary>
/// Verifies a rendered (and possibly hand-edited) letter: every element marked <c>class="clinical"</c> must name its
/// backing in <c>data-source</c>, and each of its sentences must be found verbatim (whitespace aside) in that note's text;
/// for the claim, its coverage, its authorizations or the payer's rules, be exactly one of their coded facts; for a
/// computed figure ("derived:…"), compute as written from a figure in the note it names. A letter that fails is not sent: an appeal that states one
/// fact the chart does not support loses the reviewer's trust in all the others.
/// </summary>
internal static partial class LetterBackingCheck
{
    /// <summary>The sentences without backing; empty when the letter passes.</summary>
    /// <param name="html">The letter.</param>
    /// <param name="notes">Note text by "DocumentReference/{id}".</param>
    /// <param name="coded">Coded facts by source ("Claim/{id}", "Coverage/{id}", "ClaimResponse/{id}"…).</param>
    public static IReadOnlyList<UnbackedStatement> Check(string html, IReadOnlyDictionary<string, string> notes, IReadOnlyDictionary<string, IReadOnlyList<string>> coded)
    {
        ArgumentNullException.ThrowIfNull(html);
        var failures = new List<UnbackedStatement>();
        var normalizedNotes = notes.ToDictionary(n => n.Key, n => Normalize(n.Value), StringComparer.Ordinal);
        foreach (Match block in ClinicalBlock().Matches(html))
        {
            var source = DataSource().Match(block.Groups["attrs"].Value) is { Success: true } s ? WebUtility.HtmlDecode(s.Groups[1].Value) : "";
            var text = Normalize(WebUtility.HtmlDecode(Tag().Replace(block.Groups["body"].Value, " ")));
            if (text.Length == 0)
            {
                continue;
            }

            if (source.StartsWith("derived:", StringComparison.Ordinal))
            {
                if (DerivedUnits.Verify(source, text, notes) is { } problem)
                {
                    failures.Add(new UnbackedStatement(text, source, problem));
                }
            }
            else if (coded.TryGetValue(source, out var values))
            {
                if (!values.Any(v => Normalize(v) == text))
                {
                    failures.Add(new UnbackedStatement(text, source, "not a coded value of the claim"));
                }
            }
            else if (normalizedNotes.TryGetValue(source, out var note))
            {
                failures.AddRange(NoteEvidence.Sentences(text).Select(Normalize).Where(t => t.Length > 0 && !note.Contains(t, StringComparison.Ordinal))
                    .Select(t => new UnbackedStatement(t, source, "not found verbatim in the note")));
            }
            else
            {
                failures.Add(new UnbackedStatement(text, source, source.Length == 0 ? "no data-source" : "the source is not in the claim's record"));
            }
        }

        return failures;
    }

    private static string Normalize(string text) => Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex(@"<(?<tag>[a-z][a-z0-9]*)(?<attrs>[^>]*\bclass=""[^""]*\bclinical\b[^""]*""[^>]*)>(?<body>.*?)</\k<tag>\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex ClinicalBlock();

    [GeneratedRegex(@"\bdata-source=""([^""]*)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DataSource();

    [GeneratedRegex("<[^>]+>", RegexOptions.CultureInvariant)]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();
}

/// <summary>A sentence of a clinical block that its named source does not back.</summary>
public sealed record UnbackedStatement(string Text, string Source, string Reason);
