namespace FhirApp.SandboxEhr.Fhir.Export;

/// <summary>One Bulk Data export: what was asked, how far it is, and its files once written.</summary>
internal sealed class ExportJob
{
    public required string Id { get; init; }

    public required string ClientId { get; init; }

    /// <summary>The kick-off URL as the client sent it (the manifest's <c>request</c>).</summary>
    public required string Request { get; init; }

    public required DateTimeOffset TransactionTime { get; init; }

    public required string Directory { get; init; }

    /// <summary>Status polls still answered 202 after the files are written (the "slow" test hook).</summary>
    public int PollsBeforeDone { get; set; }

    public int Polls { get; set; }

    /// <summary>Resources to leave out and report in the error file instead (the "partial" test hook).</summary>
    public int LeaveOut { get; init; }

    /// <summary>The job fails when written (the "fail" test hook): the status endpoint answers 500 with an OperationOutcome.</summary>
    public bool Fail { get; init; }

    public int Total { get; set; }

    public int Written { get; set; }

    public bool FilesWritten { get; set; }

    public string? Failure { get; set; }

    public DateTimeOffset? FilesExpireAt { get; set; }

    public List<ExportFile> Output { get; } = [];

    public List<ExportFile> Errors { get; } = [];

    /// <summary>Complete from the client's point of view: files written and the slow hook's polls used up.</summary>
    public bool Done => FilesWritten && Polls > PollsBeforeDone;

    public bool Active => !FilesWritten || Polls <= PollsBeforeDone;
}
