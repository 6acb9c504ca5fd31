namespace FhirApp.Core.Appeals;

/// <summary>The payer did not take the packet (refused, unreachable, not configured): nothing is marked as sent.</summary>
public sealed class AppealSendException : Exception
{
    public AppealSendException()
    {
    }

    public AppealSendException(string message)
        : base(message)
    {
    }

    public AppealSendException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
