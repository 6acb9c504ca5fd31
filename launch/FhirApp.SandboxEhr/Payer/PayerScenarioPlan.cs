namespace FhirApp.SandboxEhr.Payer;

/// <summary>The payer scenarios in force; each eligibility request takes every matching one and counts against it.</summary>
public sealed class PayerScenarioPlan
{
    private readonly Lock _gate = new();
    private readonly List<(PayerScenario Scenario, int Fired)> _scenarios = [];

    public void Add(IEnumerable<PayerScenario> scenarios)
    {
        lock (_gate)
        {
            _scenarios.AddRange(scenarios.Select(s => (s, 0)));
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _scenarios.Clear();
        }
    }

    public IReadOnlyList<PayerScenario> Take(string? memberId)
    {
        lock (_gate)
        {
            var firing = new List<PayerScenario>();
            for (var i = 0; i < _scenarios.Count; i++)
            {
                var (scenario, fired) = _scenarios[i];
                if ((scenario.Times > 0 && fired >= scenario.Times)
                    || (scenario.MemberId != "*" && !string.Equals(scenario.MemberId, memberId, StringComparison.OrdinalIgnoreCase)))
                {
                    continue;
                }

                _scenarios[i] = (scenario, fired + 1);
                firing.Add(scenario);
            }

            return firing;
        }
    }

    /// <summary>The member as the payer's file has them, with the scenarios' changes.</summary>
    public static PayerMember Apply(PayerMember member, IReadOnlyList<PayerScenario> scenarios)
    {
        foreach (var s in scenarios)
        {
            member = s.Kind switch
            {
                "demographics" => member with
                {
                    Last = s.Last ?? member.Last,
                    First = s.First ?? member.First,
                    BirthDate = s.BirthDate ?? member.BirthDate,
                    MemberId = s.NewMemberId ?? member.MemberId,
                },
                "lapse" => member with { End = s.End ?? member.End },
                _ => member,
            };
        }

        return member;
    }
}
