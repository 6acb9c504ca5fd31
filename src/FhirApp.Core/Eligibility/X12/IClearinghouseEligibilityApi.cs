using Refit;

namespace FhirApp.Core.Eligibility.X12;

/// <summary>
/// A clearinghouse's real-time eligibility API: a 270 in, the payer's 271 out, as JSON around the X12 text (the shape
/// most clearinghouses offer beside their own JSON). A Refit source-generated client, one per practice (keyed by the
/// registration id), with its base address, API key, retries and timeouts.
/// </summary>
public interface IClearinghouseEligibilityApi
{
    [Post("/eligibility/270")]
    Task<ClearinghouseEligibilityResponse> SubmitAsync([Body] ClearinghouseEligibilityRequest request, CancellationToken ct);
}
