namespace FhirApp.Core.Denials;

/// <summary>Denials settings (configuration section "Denials").</summary>
public sealed class DenialOptions
{
    /// <summary>Cost of working one denial, in dollars: MGMA's figure for a medical practice ($25); hospitals see up to $118.</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(decimal), "0", "10000")]
    public decimal ReworkCost { get; set; } = 25m;

    /// <summary>Items this many days or fewer from their deadline sort first, whatever their value.</summary>
    [System.ComponentModel.DataAnnotations.Range(0, 90)]
    public int DeadlineFloorDays { get; set; } = 7;

    /// <summary>Folder holding carc-categories.json; default: DenialsContent beside the binaries.</summary>
    public string? ContentDirectory { get; set; }
}
