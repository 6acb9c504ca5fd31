namespace FhirApp.Core.Denials;

/// <summary>A biller's change to a denial item that the status machine or the item's data refuses; the message says what to do, in plain words.</summary>
public sealed class DenialWorkRefusedException : InvalidOperationException
{
    public DenialWorkRefusedException()
    {
    }

    public DenialWorkRefusedException(string message)
        : base(message)
    {
    }

    public DenialWorkRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
