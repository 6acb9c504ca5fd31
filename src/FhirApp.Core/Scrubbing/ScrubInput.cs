using FhirApp.Core.Claims;

namespace FhirApp.Core.Scrubbing;

/// <summary>What every rule sees: the claim context, its plain facts, the payer policy in force on the date of service, the code tables and today.</summary>
public sealed record ScrubInput(
    ClaimContext Context,
    ClaimFacts Facts,
    PayerPolicy? Payer,
    PayerPolicyVersion? Policy,
    CodeTables Codes,
    DateOnly Today);
