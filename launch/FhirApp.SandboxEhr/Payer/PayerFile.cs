namespace FhirApp.SandboxEhr.Payer;

/// <summary>One payer and its members.</summary>
public sealed record PayerFile(string PayerId, string Name, IReadOnlyList<PayerMember> Members);
