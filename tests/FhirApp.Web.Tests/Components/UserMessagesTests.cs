using System.Text.Json;
using FhirApp.Web.Components.Common;

namespace FhirApp.Web.Tests.Components;

public sealed class UserMessagesTests
{
    [Fact]
    public void GivenAnArgumentExceptionWithOurSentence_WhenShown_ThenTheParameterNameIsGone() =>
        UserMessages.For(new ArgumentException("A note needs some content.", "note")).ShouldBe("A note needs some content.");

    [Fact]
    public void GivenARefusalWrittenForTheUser_WhenShown_ThenItIsShownAsWritten() =>
        UserMessages.For(new InvalidOperationException("Choose a late-filing reason before building this appeal.")).ShouldBe("Choose a late-filing reason before building this appeal.");

    [Theory]
    [InlineData("Value cannot be null.")]
    [InlineData("'<' is an invalid start of a value. Path: $.entry[0] | LineNumber: 0 | BytePositionInLine: 0.")]
    [InlineData("Sequence contains no elements")]
    [InlineData("No author for Practitioner/pr-susan-patel")]
    public void GivenAFrameworkOrParserMessage_WhenShown_ThenThePlainFallbackIsShown(string message)
    {
        UserMessages.For(new InvalidOperationException(message)).ShouldBe(UserMessages.Fallback);
        UserMessages.For(new ArgumentNullException(nameof(message), message)).ShouldBe(UserMessages.Fallback);
    }

    [Fact]
    public void GivenAJsonOrOtherException_WhenShown_ThenTheCallersFallbackIsShown()
    {
        UserMessages.For(new JsonException("The JSON value could not be converted."), "Try again.").ShouldBe("Try again.");
        UserMessages.For(new HttpRequestException("Connection refused (127.0.0.1:5000)"), "Try again.").ShouldBe("Try again.");
    }
}
