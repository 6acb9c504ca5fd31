namespace FhirApp.Core.Scrubbing;

/// <summary>A denial traced to the finding that warned of it (with the biller's override, if any), or to the gap.</summary>
public sealed record DenialTrace(DenialTraceKind Kind, SnapshotFinding? Finding = null, string? OverrideReason = null, DateTimeOffset? CheckedAt = null)
{
    /// <summary>What FhirApp said before the decision, for the work panel's "Before submission:".</summary>
    public string Describe() => Kind switch
    {
        DenialTraceKind.WarnedOverridden => $"warned (\"{Finding!.Message}\") and overridden: {OverrideReason}",
        DenialTraceKind.WarnedIgnored => $"warned and not acted on: \"{Finding!.Message}\"",
        DenialTraceKind.NotWarned => "not warned: FhirApp checked this claim and no rule caught this. Preventable, no rule yet.",
        _ => "FhirApp did not check this claim before the payer decided it.",
    };
}
