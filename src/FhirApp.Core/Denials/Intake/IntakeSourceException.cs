namespace FhirApp.Core.Denials.Intake;

/// <summary>The source answered a poll request with something other than data (after the HTTP client's own retries). No URL or body in the message.</summary>
public sealed class IntakeSourceException : Exception
{
    public IntakeSourceException()
    {
    }

    public IntakeSourceException(string message)
        : base(message)
    {
    }

    public IntakeSourceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
