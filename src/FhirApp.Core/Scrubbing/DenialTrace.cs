namespace FhirApp.Core.Scrubbing;

/// <summary>A denial traced to the finding that warned of it (with the biller's override, if any), or to the gap.</summary>
public sealed record DenialTrace(DenialTraceKind Kind, SnapshotFinding? Finding = null, string? OverrideReason = null, DateTimeOffset? CheckedAt = null)
{
    /// <summary>One sentence for the denial's work panel.</summary>
    public string Describe() => Kind switch
    {
        DenialTraceKind.WarnedOverridden => $"Warned before submission (\"{Finding!.Message}\") and overridden: {OverrideReason}",
        DenialTraceKind.WarnedIgnored => $"Warned before submission and not acted on: \"{Finding!.Message}\"",
        DenialTraceKind.NotWarned => "Not warned: FhirApp checked this claim and no rule caught this. Preventable, no rule yet.",
        _ => "FhirApp did not check this claim before the payer decided it.",
    };
}
