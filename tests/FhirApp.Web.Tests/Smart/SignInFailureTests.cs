using FhirApp.Web.Smart;
using Microsoft.AspNetCore.Authentication;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace FhirApp.Web.Tests.Smart;

public sealed class SignInFailureTests
{
    public static TheoryData<Exception, string> IdTokenFailures => new()
    {
        { new SecurityTokenInvalidSignatureException("IDX10504: Unable to validate signature, token does not have a signature"), "id_token:signature" },
        { new SecurityTokenSignatureKeyNotFoundException("IDX10503: Signature validation failed."), "id_token:signature" },
        { new SecurityTokenExpiredException("IDX10223: Lifetime validation failed."), "id_token:expired" },
        { new SecurityTokenInvalidAudienceException("IDX10214: Audience validation failed."), "id_token:audience" },
        { new SecurityTokenInvalidIssuerException("IDX10205: Issuer validation failed."), "id_token:issuer" },
        { new OpenIdConnectProtocolInvalidNonceException("IDX21321: The 'nonce' found in the jwt token did not match the expected nonce."), "id_token:nonce" },
    };

    [Theory]
    [MemberData(nameof(IdTokenFailures))]
    public void GivenAnIdTokenThatFailsACheck_WhenShown_ThenPlainWordsAndNoLibraryMessage(Exception failure, string kind)
    {
        var shown = SignInFailure.From(failure);

        shown.Kind.ShouldBe(kind);
        shown.Status.ShouldBe(400);
        shown.Title.ShouldBe("The EHR's sign-in could not be verified");
        shown.Message.ShouldContain("launch FhirApp again");
        string.Join(' ', [shown.Title, shown.Message, .. shown.Details]).ShouldNotContain("IDX");
    }

    [Fact]
    public void GivenTheEhrSentAnErrorInsteadOfACode_WhenShown_ThenItsWordsAreDetailsAndTheHandlersMessageIsNowhere()
    {
        var raw = new OpenIdConnectProtocolException("Message contains error: 'invalid_client', error_description: 'Unknown key kid-7', error_uri: 'error_uri is null'.");
        raw.Data["error"] = "invalid_client";
        raw.Data["error_description"] = "Unknown key kid-7";
        raw.Data["error_uri"] = null;

        var shown = SignInFailure.From(raw);

        var everything = string.Join(' ', [shown.Title, shown.Message, .. shown.Details, shown.LogDetail]);
        everything.ShouldNotContain("Message contains error");
        everything.ShouldNotContain("error_uri");
        shown.Details.ShouldContain("The EHR said: \u201cUnknown key kid-7\u201d");
        shown.Details.ShouldContain("Error code: invalid_client.");
        shown.LogDetail.ShouldBe("invalid_client", "the log keeps the code, not words anyone can put on a callback URL");
    }

    [Fact]
    public void GivenAnErrorCallbackWithoutADescription_WhenShown_ThenTheHandlersPlaceholderIsNotPassedOffAsTheEhrsWords()
    {
        var raw = new OpenIdConnectProtocolException("Message contains error: 'invalid_scope', error_description: 'error_description is null', error_uri: 'error_uri is null'.");
        raw.Data["error"] = "invalid_scope";
        raw.Data["error_description"] = "error_description is null";

        var shown = SignInFailure.From(raw);

        shown.Details.ShouldBe(["Error code: invalid_scope."]);
    }

    [Theory]
    [InlineData(TokenAnswerKind.Refused, 403, "invalid_grant", 400, "The EHR did not let FhirApp sign in")]
    [InlineData(TokenAnswerKind.Unreachable, 503, null, 502, "The EHR could not be reached")]
    [InlineData(TokenAnswerKind.Unreachable, 0, null, 502, "The EHR could not be reached")]
    [InlineData(TokenAnswerKind.Unreadable, 200, null, 502, "The EHR's answer could not be read")]
    public void GivenTheCodeExchangeFailed_WhenShown_ThenTheTitleSaysWhyAndTheAnswerIsInTheDetails(TokenAnswerKind kind, int status, string? error, int pageStatus, string title)
    {
        var answer = new TokenEndpointAnswer(kind, status, error, error is null ? null : "Code already used");

        var shown = SignInFailure.From(new TokenEndpointException(answer));

        shown.Status.ShouldBe(pageStatus);
        shown.Title.ShouldBe(title);
        shown.Message.ShouldContain("launch FhirApp again");
        shown.Message.ShouldNotContain("try again", Case.Insensitive, "there is no TRY AGAIN at a callback: the code is spent");
        shown.Details.ShouldBe(answer.Details);
        shown.LogDetail.ShouldBe(answer.ToString());
    }

    [Theory]
    [InlineData("Correlation failed.")]
    [InlineData("The oauth state was missing or invalid.")]
    public void GivenAResponseFromAnotherBrowserOrUsedTwice_WhenShown_ThenThatIsWhatTheUserReads(string message)
    {
        var shown = SignInFailure.From(new AuthenticationFailureException(message));

        shown.Kind.ShouldBe("state");
        shown.Message.ShouldStartWith("This sign-in response does not belong to a sign-in started in this browser");
    }

    [Fact]
    public void GivenAnUnexpectedException_WhenShown_ThenItsMessageIsNotShown()
    {
        var shown = SignInFailure.From(new InvalidOperationException("IDX99999 internal detail"));

        shown.Message.ShouldNotContain("IDX99999");
        shown.LogDetail.ShouldBe(nameof(InvalidOperationException));
    }
}
