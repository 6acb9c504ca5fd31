namespace FhirApp.Core.Claims.Sources.Bulk;

/// <summary>An export that cannot go on: <see cref="Gone"/> when the job or a file URL no longer exists (expired, deleted) and a fresh kick-off is the cure.</summary>
public sealed class BulkExportException : Exception
{
    public BulkExportException()
    {
    }

    public BulkExportException(string message)
        : base(message)
    {
    }

    public BulkExportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public BulkExportException(string message, bool gone)
        : base(message) => Gone = gone;

    public bool Gone { get; }
}
