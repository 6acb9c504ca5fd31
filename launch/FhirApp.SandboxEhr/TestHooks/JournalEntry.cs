namespace FhirApp.SandboxEhr.TestHooks;

/// <summary>One request as the journal shows it; never a token, code or secret.</summary>
internal sealed record JournalEntry(
    DateTimeOffset At,
    string Method,
    string Path,
    string QueryString,
    string? GrantType,
    bool HasAuthorization,
    string? ClientId);
