using System.Collections.Concurrent;

namespace FhirApp.Core.Appeals;

/// <summary>The practice-wide figures of <see cref="AppealQuality.Measure"/>.</summary>
public sealed class AppealQualityReport
{
    private readonly ConcurrentBag<string> _failures = [];

    public int Claims { get; private set; }

    public int Letters { get; private set; }

    public int HollowLetters { get; private set; }

    public int UnbackedSentences { get; private set; }

    public List<LineQuality> Lines { get; } = [];

    public IReadOnlyCollection<string> Failures => _failures;

    internal void Add(ClaimQuality claim)
    {
        Claims++;
        Letters += claim.HasLetter ? 1 : 0;
        HollowLetters += claim.Hollow ? 1 : 0;
        UnbackedSentences += claim.Unbacked;
        Lines.AddRange(claim.Lines);
    }

    internal void Fail(string reason) => _failures.Add(reason);
}
