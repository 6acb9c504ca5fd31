using System.Globalization;
using FhirApp.Core.Denials;

namespace FhirApp.Web.Denials;

/// <summary>
/// One denial as the biller's worklist shows it: the stored work item joined with the claim as the EHR shares it
/// (patient and payer by name, the claim by its payer or practice number), every value in words.
/// </summary>
public sealed record WorklistRow
{
    public required DenialQueueRow Item { get; init; }

    public required string Patient { get; init; }

    public required string Payer { get; init; }

    /// <summary>"claim 123" (the payer's number) or "account A-9" (the practice's), never our FHIR id.</summary>
    public required string ClaimNumber { get; init; }

    public long Id => Item.Id;

    public DateOnly? ServiceDate => Item.ServiceDate;

    public string Cpt => Item.Procedure ?? "whole claim";

    /// <summary>"CO-197 · authorization": the code and the category it stands for, in words.</summary>
    public string Reason => $"{Item.Reason ?? "no code"} · {DenialWords.Category(Item.Category)}";

    public decimal Amount => Item.Amount;

    public int? DaysLeft => Item.DaysLeft;

    public string Status => DenialStatusMachine.Words(Item.Status) + (Item.ClearedByPayer ? " (payer cleared it)" : "");

    public DateOnly? FollowUp => Item.DueDate;

    public string NextAction => Item.NextAction ?? DenialWords.Route(Item.Route);

    public string DeadlineText => Item.DaysLeft switch
    {
        null => "no deadline",
        < 0 and var d => string.Create(CultureInfo.InvariantCulture, $"passed {-d} d ago"),
        0 => "today",
        var d => string.Create(CultureInfo.InvariantCulture, $"{d} d"),
    };
}
