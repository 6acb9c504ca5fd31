using Microsoft.AspNetCore.Authentication;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace FhirApp.Web.Smart;

/// <summary>
/// A failed SMART callback as the user sees it (a title and plain words; the EHR's own words behind the page's Details)
/// and as the log records it (<see cref="Kind"/> and <see cref="LogDetail"/>: never a token, never the OpenID Connect
/// handler's raw message, which quotes whatever arrived on the query string).
/// </summary>
public sealed record SignInFailure(int Status, string Title, string Message, IReadOnlyList<string> Details, string Kind, string? LogDetail = null)
{
    private const string Relaunch = " Please launch FhirApp again from the EHR.";

    public static SignInFailure From(Exception? failure) => failure switch
    {
        TokenEndpointException t => TokenEndpoint(t.Answer),
        OpenIdConnectProtocolInvalidNonceException => IdToken("nonce", "belongs to a different sign-in"),
        SecurityTokenExpiredException => IdToken("expired", "had expired (if this keeps happening, check that the clocks of this server and the EHR agree)"),
        SecurityTokenNotYetValidException => IdToken("not-yet-valid", "is not valid yet (check that the clocks of this server and the EHR agree)"),
        SecurityTokenInvalidAudienceException => IdToken("audience", "was issued to another app"),
        SecurityTokenInvalidIssuerException => IdToken("issuer", "was issued by another server"),
        SecurityTokenInvalidSignatureException => IdToken("signature", "carries no valid signature of the EHR"),
        SecurityTokenMalformedException => IdToken("malformed", "could not be read"),
        SecurityTokenException => IdToken("other", "did not pass FhirApp's checks"),
        OpenIdConnectProtocolException p when p.Data["error"] is string error => AuthorizationError(error, p.Data["error_description"] as string),
        OpenIdConnectProtocolException => IdToken("protocol", "did not pass FhirApp's checks"),
        AuthenticationFailureException a when IsStateFailure(a.Message) => new(
            StatusCodes.Status400BadRequest,
            "The EHR sign-in did not complete",
            "This sign-in response does not belong to a sign-in started in this browser, or it was already used." + Relaunch,
            [],
            "state"),
        // Our own events' reasons (SmartOidcEvents), written for the user.
        AuthenticationFailureException a => new(StatusCodes.Status400BadRequest, "The EHR sign-in did not complete", a.Message + Relaunch, [], "refused"),
        _ => new(StatusCodes.Status400BadRequest, "The EHR sign-in did not complete", "Something went wrong while signing in." + Relaunch, [], "unexpected", failure?.GetType().Name),
    };

    private static bool IsStateFailure(string message) =>
        message.StartsWith("Correlation failed", StringComparison.Ordinal) || message.Contains("state", StringComparison.OrdinalIgnoreCase);

    private static SignInFailure TokenEndpoint(TokenEndpointAnswer answer) => answer.Kind switch
    {
        TokenAnswerKind.Refused => new(
            StatusCodes.Status400BadRequest, "The EHR did not let FhirApp sign in", answer.Explanation + Relaunch, answer.Details, "token-refused", answer.ToString()),
        TokenAnswerKind.Unreachable => new(
            StatusCodes.Status502BadGateway,
            "The EHR could not be reached",
            "FhirApp could not finish signing in: " + Lower(answer.Explanation) + " Please launch FhirApp again from the EHR in a moment.",
            answer.Details,
            "token-unreachable",
            answer.ToString()),
        _ => new(
            StatusCodes.Status502BadGateway,
            "The EHR's answer could not be read",
            "FhirApp could not finish signing in: " + Lower(answer.Explanation) + Relaunch + " If it keeps happening, tell your administrator.",
            answer.Details,
            "token-unreadable",
            answer.ToString()),
    };

    private static SignInFailure IdToken(string check, string reason) => new(
        StatusCodes.Status400BadRequest,
        "The EHR's sign-in could not be verified",
        $"The identity the EHR sent for this sign-in {reason}, so FhirApp did not sign you in." + Relaunch,
        [$"The identity token failed FhirApp's {check} check. If this keeps happening, tell your administrator: the EHR's keys or FhirApp's registration may have changed."],
        "id_token:" + check);

    /// <summary>
    /// The EHR sent the user back with an error instead of a code. Its words arrived on the query string (anyone can
    /// write them), so the page shows them encoded and the log keeps only the code.
    /// </summary>
    private static SignInFailure AuthorizationError(string error, string? description)
    {
        var code = TokenEndpointAnswer.SafeCode(error) ?? "(none)";
        List<string> details = [];
        // The handler fills in "error_description is null" when there was none.
        if (description != "error_description is null" && TokenEndpointAnswer.SafeDescription(description) is { } said)
        {
            details.Add($"The EHR said: \u201c{said}\u201d");
        }

        details.Add($"Error code: {code}.");
        return new(
            StatusCodes.Status400BadRequest,
            "The EHR sign-in did not complete",
            "The EHR ended the sign-in without letting FhirApp in." + Relaunch,
            details,
            "authorization-error",
            code);
    }

    private static string Lower(string sentence) => sentence.Length == 0 ? sentence : char.ToLowerInvariant(sentence[0]) + sentence[1..];
}
