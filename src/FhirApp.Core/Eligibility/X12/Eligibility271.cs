using FhirApp.Core.Common.X12;

namespace FhirApp.Core.Eligibility.X12;

/// <summary>A 271 read: the answers it holds (one per subscriber or dependent loop), or why it was refused (and then none).</summary>
public sealed record Eligibility271
{
    public IReadOnlyList<Member> Members { get; init; } = [];

    /// <summary>Rejections of the whole request at the payer or provider level (2100A / 2100B AAA).</summary>
    public IReadOnlyList<Rejection> Rejections { get; init; } = [];

    public string? PayerName { get; init; }

    public string? PayerId { get; init; }

    /// <summary>BHT04/05: when the payer made the answer.</summary>
    public DateTimeOffset? Created { get; init; }

    /// <summary>BHT03: the reference of the question, echoed.</summary>
    public string? Reference { get; init; }

    public IReadOnlyList<X12Issue> Issues { get; init; } = [];

    public bool Accepted => Issues.Count == 0;

    /// <summary>An AAA: the request was not valid for the reason given (AAA03), and what to do (AAA04).</summary>
    public sealed record Rejection(string Level, string? Code, string? FollowUp);

    /// <summary>One subscriber (2000C) or dependent (2000D) as the payer answered.</summary>
    public sealed record Member
    {
        /// <summary>"subscriber" or "dependent".</summary>
        public required string Level { get; init; }

        /// <summary>The TRN02 values of the loop: our trace number, echoed, and the payer's own.</summary>
        public IReadOnlyList<string> Traces { get; init; } = [];

        public required EligibilityPerson Person { get; init; }

        public IReadOnlyList<Rejection> Rejections { get; init; } = [];

        /// <summary>2100 DTP dates by qualifier (291 plan, 346/347 plan begin/end, 356/357 eligibility begin/end, 307 eligibility): start and end of each.</summary>
        public IReadOnlyDictionary<string, (DateOnly? From, DateOnly? To)> Dates { get; init; } = new Dictionary<string, (DateOnly?, DateOnly?)>();

        public IReadOnlyList<Benefit> Benefits { get; init; } = [];
    }

    /// <summary>One EB loop: the code (1 active, 6 inactive…), service types, plan, the authorization indicator (EB11), its dates and messages.</summary>
    public sealed record Benefit
    {
        public required string Code { get; init; }

        public IReadOnlyList<string> ServiceTypes { get; init; } = [];

        public string? InsuranceType { get; init; }

        public string? PlanDescription { get; init; }

        /// <summary>EB11: Y = authorization or certification required.</summary>
        public string? AuthorizationIndicator { get; init; }

        public IReadOnlyDictionary<string, (DateOnly? From, DateOnly? To)> Dates { get; init; } = new Dictionary<string, (DateOnly?, DateOnly?)>();

        public IReadOnlyList<string> Messages { get; init; } = [];

        /// <summary>Benefit-related entities named (2120 NM101): P3 primary care provider, …</summary>
        public IReadOnlyList<string> Entities { get; init; } = [];

        public IReadOnlyList<Rejection> Rejections { get; init; } = [];
    }
}
