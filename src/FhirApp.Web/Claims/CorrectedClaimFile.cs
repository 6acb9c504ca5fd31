namespace FhirApp.Web.Claims;

/// <summary>An 837P file for download, or why there is none (in plain words, with the details the writer found).</summary>
public sealed record CorrectedClaimFile
{
    public string? Content { get; init; }

    public string? FileName { get; init; }

    public CorrectedClaimProblem? Problem { get; init; }

    public string? Message { get; init; }

    public IReadOnlyList<string> Details { get; init; } = [];

    public static CorrectedClaimFile Refused(CorrectedClaimProblem problem, string message, IReadOnlyList<string>? details = null) =>
        new() { Problem = problem, Message = message, Details = details ?? [] };
}
