using System.Text;
using FhirApp.Core.Denials;
using FhirApp.Core.Remittance;

namespace FhirApp.Core.Tests.Remittance;

/// <summary>
/// 10,000 seeded mutations of the accepted fixtures: byte flips, truncations, duplicated and deleted segments, separator
/// swaps, one to three at a time. No mutation may throw, a refused file must yield nothing importable, an accepted one
/// must map and detect, and no message may quote a name or member id.
/// </summary>
public sealed class Era835FuzzTests
{
    private const int Mutations = 10_000;

    // Names and ids in the fixtures that must never reach a message.
    private static readonly string[] Phi = ["LOPEZ", "MARIA", "KING", "ROBERT", "NGUYEN", "LINDA", "ACM123456789", "BPK771203348", "1EG4TE5MK73"];

    private static readonly char[] Interesting = ['*', ':', '^', '~', '|', '>', '\n', '\r', '-', '.', '0', '9', 'A', ' ', '\0', '\u00e9'];

    [Fact]
    public void GivenTenThousandMutatedRemittances_WhenImported_ThenNoExceptionNoPartialImportAndNoPhiInMessages()
    {
        var seeds = X12Fixtures.AllAccepted.Select(File.ReadAllText).ToList();
        var random = new Random(835);
        var detector = new DenialDetector(DenialCauseTable.Load());
        var importer = new RemittanceImporter(RemittanceEobMapperTests.DemoClaims());
        int thrown = 0, refused = 0, accepted = 0, partial = 0, leaked = 0;
        var firstFailures = new List<string>();
        for (var i = 0; i < Mutations; i++)
        {
            var text = seeds[random.Next(seeds.Count)];
            var steps = random.Next(1, 4);
            var applied = new List<string>();
            for (var s = 0; s < steps; s++)
            {
                (text, var what) = Mutate(text, random);
                applied.Add(what);
            }

            try
            {
                var read = Era835Reader.Read(text, $"fuzz-{i}.835");
                var import = importer.Import(text, $"fuzz-{i}.835");
                if (read.Accepted != import.Accepted)
                {
                    throw new InvalidOperationException("the importer disagrees with the reader");
                }

                if (import.Accepted)
                {
                    accepted++;
                    if (import.Eobs.Count != read.ClaimCount)
                    {
                        partial++;
                    }

                    foreach (var eob in import.Eobs)
                    {
                        detector.Detect(eob);
                    }
                }
                else
                {
                    refused++;
                    if (read.Remittances.Count > 0 || import.Eobs.Count > 0 || import.Unmatched.Count > 0)
                    {
                        partial++;
                    }

                    if (import.Issues.Any(m => m.Message.StartsWith("the file could not be read", StringComparison.Ordinal)))
                    {
                        throw new InvalidOperationException("the importer's safety net caught an exception: " + import.Issues[0]);
                    }

                    if (import.Issues.Any(m => Phi.Any(p => m.ToString().Contains(p, StringComparison.Ordinal))))
                    {
                        leaked++;
                        Note(firstFailures, i, applied, "PHI in " + import.Issues.First(m => Phi.Any(p => m.ToString().Contains(p, StringComparison.Ordinal))));
                    }
                }
            }
            catch (Exception ex)
            {
                thrown++;
                Note(firstFailures, i, applied, $"{ex.GetType().Name}: {ex.Message}");
            }
        }

        (thrown, partial, leaked).ShouldBe((0, 0, 0), string.Join(Environment.NewLine, firstFailures));
        (accepted + refused).ShouldBe(Mutations);
        refused.ShouldBeGreaterThan(Mutations / 2, "most mutations break a remittance");
        accepted.ShouldBeGreaterThan(0, "some mutations (a changed name, a swapped separator set) leave a valid remittance");
    }

    private static void Note(List<string> failures, int i, List<string> applied, string what)
    {
        if (failures.Count < 10)
        {
            failures.Add($"mutation {i} ({string.Join(", ", applied)}): {what}");
        }
    }

    internal static (string Text, string What) Mutate(string text, Random random)
    {
        if (text.Length == 0)
        {
            return (text, "empty");
        }

        var terminator = text.Length > 105 && text.StartsWith("ISA", StringComparison.Ordinal) ? text[105] : '~';
        switch (random.Next(6))
        {
            case 0:
            {
                var at = random.Next(text.Length);
                var by = random.Next(3) == 0 ? (char)random.Next(0, 256) : Interesting[random.Next(Interesting.Length)];
                return (text[..at] + by + text[(at + 1)..], $"flip {at}");
            }

            case 1:
            {
                var at = random.Next(text.Length);
                return (text[..at], $"truncate {at}");
            }

            case 2:
            case 3:
            {
                // Segment-level edits after the ISA: duplicate or delete one.
                var segments = text.Split(terminator).ToList();
                if (segments.Count < 3)
                {
                    return (text, "no segments");
                }

                var at = random.Next(1, segments.Count - 1);
                if (random.Next(2) == 0)
                {
                    segments.Insert(at, segments[at]);
                    return (string.Join(terminator, segments), $"duplicate segment {at + 1}");
                }

                segments.RemoveAt(at);
                return (string.Join(terminator, segments), $"delete segment {at + 1}");
            }

            case 4:
            {
                // Swap two separators everywhere (the ISA too: still a valid file) or only after the ISA (a broken one).
                var a = text.Length > 3 ? text[3] : '*';
                var b = text.Length > 104 ? text[104] : ':';
                var start = random.Next(2) == 0 ? 0 : Math.Min(text.Length, 106);
                var swapped = new StringBuilder(text[..start]);
                foreach (var c in text.AsSpan(start))
                {
                    swapped.Append(c == a ? b : c == b ? a : c);
                }

                return (swapped.ToString(), start == 0 ? "swap separators everywhere" : "swap separators after the ISA");
            }

            default:
            {
                // Insert a random interesting character.
                var at = random.Next(text.Length);
                return (text[..at] + Interesting[random.Next(Interesting.Length)] + text[at..], $"insert {at}");
            }
        }
    }
}
