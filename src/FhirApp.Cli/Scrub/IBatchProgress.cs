namespace FhirApp.Cli.Scrub;

/// <summary>Where a batch reports how far it is; the terminal gets a progress bar, tests and pipes get nothing.</summary>
internal interface IBatchProgress
{
    void Read(long bytesDone, long bytesTotal);

    void Scrubbed(int claimsDone, int claimsTotal);
}
