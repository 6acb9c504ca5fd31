namespace FhirApp.SandboxEhr.Payer;

/// <summary>
/// The payer scenarios in force; each eligibility request takes every matching one and counts against it. Starts with
/// the scenarios of the file Sandbox:PayerScenariosPath names (the demo's launch profile names Payer/demo-scenarios.json:
/// a payer that answers 429 or 503 once, so the app's retries show), else none.
/// </summary>
public sealed class PayerScenarioPlan
{
    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web);
    private readonly Lock _gate = new();
    private readonly List<(PayerScenario Scenario, int Fired)> _scenarios = [];

    public PayerScenarioPlan(IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        if (configuration["Sandbox:PayerScenariosPath"] is not { Length: > 0 } configured)
        {
            return;
        }

        var path = Path.GetFullPath(configured, environment.ContentRootPath);
        var scenarios = System.Text.Json.JsonSerializer.Deserialize<PayerScenario[]>(File.ReadAllText(path), Json) ?? [];
        if (scenarios.FirstOrDefault(s => !PayerScenario.Kinds.Contains(s.Kind)) is { } unknown)
        {
            throw new InvalidOperationException($"Sandbox:PayerScenariosPath ({path}): unknown payer scenario kind '{unknown.Kind}'; known: {string.Join(", ", PayerScenario.Kinds)}.");
        }

        Add(scenarios);
    }

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
