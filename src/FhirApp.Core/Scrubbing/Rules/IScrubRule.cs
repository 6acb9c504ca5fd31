namespace FhirApp.Core.Scrubbing.Rules;

/// <summary>One check. Rules read <see cref="ScrubInput"/> only (no I/O) and yield findings; a rule that does not apply yields none.</summary>
public interface IScrubRule
{
    /// <summary>Rule id prefix family, e.g. "filing"; each finding carries its own full id ("filing.limit-passed").</summary>
    string Id { get; }

    FindingCategory Category { get; }

    IEnumerable<ScrubFinding> Evaluate(ScrubInput input);
}
