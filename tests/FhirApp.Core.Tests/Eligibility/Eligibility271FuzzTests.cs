using FhirApp.Core.Eligibility;
using FhirApp.Core.Eligibility.X12;
using FhirApp.Core.Tests.Remittance;

namespace FhirApp.Core.Tests.Eligibility;

/// <summary>
/// 10,000 seeded mutations of the 271 fixtures (the 835 fuzzer's edits): no mutation may throw or reach the reader's
/// safety net, a refused answer must hold no member, and no message may quote a name or member id.
/// </summary>
public sealed class Eligibility271FuzzTests
{
    private const int Mutations = 10_000;

    private static readonly string[] Phi = ["LOPEZ", "MARIA", "KING", "ROBERT", "CARTER", "JAMES", "JAMIE", "OKAFOR", "ACM448812307", "BPK771203348", "BPK920117735", "BPK920117753"];

    [Fact]
    public void GivenTenThousandMutated271s_WhenRead_ThenNoExceptionNoPartialAnswerAndNoPhiInMessages()
    {
        var seeds = EligibilityFixtures.All271.Where(f => !f.EndsWith("truncated.271", StringComparison.Ordinal)).Select(File.ReadAllText).ToList();
        var query = EligibilityFixtures.Query("claim-robert-coverage-ended", "BPBC1", "RO-TRACE-ROBERT");
        var random = new Random(271);
        int thrown = 0, accepted = 0, refused = 0, partial = 0, leaked = 0;
        var failures = new List<string>();
        for (var i = 0; i < Mutations; i++)
        {
            var text = seeds[random.Next(seeds.Count)];
            for (var s = random.Next(1, 4); s > 0; s--)
            {
                text = Era835FuzzTests.Mutate(text, random).Text;
            }

            try
            {
                var read = Eligibility271Reader.Read(text);
                var answer = EligibilityInterpreter.FromX12(read, query);
                if (read.Accepted)
                {
                    accepted++;
                    continue;
                }

                refused++;
                if (read.Members.Count > 0 || answer.Status != EligibilityStatus.Failed)
                {
                    partial++;
                }

                if (read.Issues.Any(m => m.Message.StartsWith("the answer could not be read", StringComparison.Ordinal)))
                {
                    throw new InvalidOperationException("the reader's safety net caught an exception: " + read.Issues[0]);
                }

                if (read.Issues.Select(m => m.ToString()).Append(answer.Message ?? "").FirstOrDefault(m => Phi.Any(p => m.Contains(p, StringComparison.Ordinal))) is { } leak)
                {
                    leaked++;
                    if (failures.Count < 10)
                    {
                        failures.Add($"mutation {i}: PHI in {leak}");
                    }
                }
            }
            catch (Exception ex)
            {
                thrown++;
                if (failures.Count < 10)
                {
                    failures.Add($"mutation {i}: {ex.GetType().Name}: {ex.Message}");
                }
            }
        }

        (thrown, partial, leaked).ShouldBe((0, 0, 0), string.Join(Environment.NewLine, failures));
        (accepted + refused).ShouldBe(Mutations);
        refused.ShouldBeGreaterThan(Mutations / 2);
        accepted.ShouldBeGreaterThan(0);
    }
}
