namespace FhirApp.SandboxEhr.TestHooks;

/// <summary>The faults in force; each request takes at most one status/delay fault and every matching malform fault.</summary>
public sealed class FaultPlan
{
    private readonly Lock _gate = new();
    private readonly List<Entry> _faults = [];

    public void Add(IEnumerable<Fault> faults)
    {
        lock (_gate)
        {
            _faults.AddRange(faults.Select(f => new Entry(f)));
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _faults.Clear();
        }
    }

    /// <summary>Faults still to fire (Times not used up).</summary>
    public IReadOnlyList<Fault> Pending()
    {
        lock (_gate)
        {
            return [.. _faults.Where(e => !e.Spent).Select(e => e.Fault)];
        }
    }

    /// <summary>
    /// Counts this request against every matching fault and returns those that fire for it. A fault with a
    /// <see cref="Fault.GrantType"/> matches only token requests of that grant type.
    /// </summary>
    public IReadOnlyList<Fault> Take(string path, string? grantType = null)
    {
        lock (_gate)
        {
            var firing = new List<Fault>();
            var answered = false;
            foreach (var entry in _faults.Where(e => !e.Spent && path.StartsWith(e.Fault.PathPrefix, StringComparison.Ordinal)
                && (e.Fault.GrantType is null || e.Fault.GrantType == grantType)))
            {
                // At the token endpoint every kind replaces the answer; for FHIR requests a malform fault rides along.
                var isAnswer = entry.Fault.Kind is "status" or "delay" or "id_token"
                    || (entry.Fault.Kind == "malform" && path.StartsWith(TokenFaultMiddleware.Path, StringComparison.Ordinal));
                if (isAnswer && answered)
                {
                    continue; // one status or delay per request; the next request gets the next one
                }
                entry.Seen++;
                if (entry.Seen <= entry.Fault.After)
                {
                    continue;
                }
                entry.Fired++;
                firing.Add(entry.Fault);
                answered |= isAnswer;
            }
            return firing;
        }
    }

    private sealed class Entry(Fault fault)
    {
        public Fault Fault { get; } = fault;

        public int Seen { get; set; }

        public int Fired { get; set; }

        public bool Spent => Fault.Times > 0 && Fired >= Fault.Times;
    }
}
