namespace FhirApp.Web.Connections;

/// <summary>A registration's <c>remittance</c> block: where the practice's clearinghouse leaves 835 files for FhirApp.</summary>
public sealed record RemittanceDropSettings
{
    /// <summary>The folder to watch; relative paths resolve against the app's content root. FhirApp creates processed/ and refused/ in it.</summary>
    public string DropFolder { get; init; } = "";

    /// <summary>Seconds between runs (at least 10).</summary>
    public int PollIntervalSeconds { get; init; } = 60;

    /// <summary>A file must be unchanged this long before it is read (a copy still in progress waits for the next run).</summary>
    public int SettleSeconds { get; init; } = 10;

    /// <summary>
    /// Pickup from the clearinghouse's SFTP server. Not available yet: configuring it stops the app at start with a
    /// message, so a practice never believes files are fetched that are not.
    /// </summary>
    public System.Text.Json.Nodes.JsonObject? Sftp { get; init; }
}
