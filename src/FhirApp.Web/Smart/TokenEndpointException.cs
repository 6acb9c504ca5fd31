namespace FhirApp.Web.Smart;

/// <summary>The code exchange at the callback got no tokens: <see cref="Answer"/> says why, for the page and the log.</summary>
public sealed class TokenEndpointException(TokenEndpointAnswer answer) : Exception($"The EHR's token endpoint issued no token: {answer.Kind}.")
{
    public TokenEndpointAnswer Answer { get; } = answer;
}
