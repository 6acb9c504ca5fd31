using System.Globalization;
using FhirApp.Core.Scrubbing.Rules;

namespace FhirApp.Core.Appeals;

/// <summary>
/// The units a documented dose, time or session gives, as a statement a letter may carry and the backing check can
/// verify: the arithmetic travels in the statement's source ("derived:dose:40:mg:10|DocumentReference/doc-1"), the check
/// recomputes it, compares the words with the canonical ones, and finds the input figure in the quoted note.
/// </summary>
internal sealed record DerivedUnits(string Kind, IReadOnlyList<string> Args, decimal Units, string Text)
{
    private const string Prefix = "derived:";

    public string Source(string noteSource) => Prefix + Kind + ":" + string.Join(':', Args) + "|" + noteSource;

    /// <summary>A drug dose over the billing unit's amount; a partial unit rounds up.</summary>
    public static DerivedUnits Dose(decimal amount, string unit, decimal per)
    {
        var units = Math.Ceiling(amount / per);
        return new("dose", [N(amount), unit, N(per)], units, string.Create(CultureInfo.InvariantCulture, $"{N(amount)} {unit} at {N(per)} {unit} per billing unit gives {N(units)} unit{(units == 1 ? "" : "s")}."));
    }

    /// <summary>CMS's 8-minute rule for 15-minute timed codes: 8-22 minutes 1 unit, 23-37 two, and so on.</summary>
    public static DerivedUnits Timed15(int minutes)
    {
        var units = minutes < 8 ? 0 : (minutes + 7) / 15;
        return new("timed15", [N(minutes)], units, string.Create(CultureInfo.InvariantCulture, $"{minutes} timed minutes give {units} unit{(units == 1 ? "" : "s")} under the 8-minute rule."));
    }

    /// <summary>Anesthesia time: the units billed are minutes.</summary>
    public static DerivedUnits Minutes(int minutes) =>
        new("minutes", [N(minutes)], minutes, string.Create(CultureInfo.InvariantCulture, $"Anesthesia start to end is {minutes} minutes."));

    /// <summary>A psychotherapy session is one unit, whatever its length.</summary>
    public static DerivedUnits Session(int minutes) =>
        new("session", [N(minutes)], 1, string.Create(CultureInfo.InvariantCulture, $"One session of {minutes} minutes is 1 unit."));

    /// <summary>
    /// Whether a derived statement in a letter holds: its source parses, the recomputed words equal <paramref name="text"/>,
    /// and the input figure is in the note it names. Returns the reason it fails, or null.
    /// </summary>
    public static string? Verify(string source, string text, IReadOnlyDictionary<string, string> notes)
    {
        if (!source.StartsWith(Prefix, StringComparison.Ordinal) || source.IndexOf('|', StringComparison.Ordinal) is var bar && bar < 0)
        {
            return "not a derived statement's source";
        }

        var parts = source[Prefix.Length..bar].Split(':');
        var note = source[(bar + 1)..];
        if (!notes.TryGetValue(note, out var noteText))
        {
            return "the note it derives from is not in the claim's record";
        }

        DerivedUnits? expected;
        string? figureInNote;
        try
        {
            (expected, figureInNote) = parts switch
            {
                ["dose", var amount, var unit, var per] => (Dose(D(amount), unit, D(per)), null),
                ["timed15", var minutes] => (Timed15(I(minutes)), minutes),
                ["minutes", var minutes] => (Minutes(I(minutes)), null),
                ["session", var minutes] => (Session(I(minutes)), null),
                _ => (null, null),
            };
        }
        catch (FormatException)
        {
            return "the computation does not parse";
        }

        if (expected is null)
        {
            return "unknown computation";
        }

        if (expected.Text != text)
        {
            return "the figures do not compute as written";
        }

        var found = expected.Kind switch
        {
            "dose" => NoteEvidence.Sentences(noteText).Any(s => ChartPatterns.Doses(s).Any(d => N(d.Amount) == expected.Args[0] && d.Unit == expected.Args[1])),
            "timed15" => NoteEvidence.Sentences(noteText).Any(s => ChartPatterns.TimedMinutes(s) is { } m && N(m) == figureInNote),
            "minutes" => Pairs(noteText).Any(s => ChartPatterns.AnesthesiaMinutes(s) is { } m && N(m) == expected.Args[0]),
            _ => Pairs(noteText).Any(s => ChartPatterns.SessionMinutes(s) is { } m && N(m) == expected.Args[0]),
        };
        return found ? null : "the figure is not in the note";
    }

    // A sentence, and a sentence with the next one: times may sit on two lines, as the extractor quotes them.
    private static IEnumerable<string> Pairs(string text)
    {
        var sentences = NoteEvidence.Sentences(text).Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
        for (var i = 0; i < sentences.Count; i++)
        {
            yield return sentences[i];
            if (i + 1 < sentences.Count)
            {
                yield return sentences[i] + "\n" + sentences[i + 1];
            }
        }
    }

    private static string N(decimal value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static decimal D(string value) => decimal.Parse(value, NumberStyles.Number, CultureInfo.InvariantCulture);

    private static int I(string value) => int.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture);
}
