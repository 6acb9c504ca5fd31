namespace FhirApp.Web.Smart;

/// <summary>What a token endpoint's answer means for a launch.</summary>
public enum TokenAnswerKind
{
    /// <summary>Tokens were issued.</summary>
    Issued,

    /// <summary>The EHR answered 4xx (invalid_grant, invalid_client, unauthorized_client…): asking again will not help; the user launches again.</summary>
    Refused,

    /// <summary>No answer (network error, timeout) or a 5xx, 408 or 429: the EHR may answer later.</summary>
    Unreachable,

    /// <summary>A success status without a usable token answer (not JSON, no access token).</summary>
    Unreadable,
}
