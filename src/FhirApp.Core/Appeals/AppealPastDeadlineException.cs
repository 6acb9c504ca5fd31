namespace FhirApp.Core.Appeals;

/// <summary>An appeal past its deadline was saved without a late-filing (good cause) reason; the message says what to do.</summary>
public sealed class AppealPastDeadlineException : InvalidOperationException
{
    public AppealPastDeadlineException()
    {
    }

    public AppealPastDeadlineException(string message)
        : base(message)
    {
    }

    public AppealPastDeadlineException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
