using FhirApp.Core.Denials;

namespace FhirApp.Core.Scoring;

/// <summary>
/// What the payer decided about one claim, as a training label: denied or not, and why. Denied = the whole claim or any
/// line got zero benefit with a denial reason (CO-45 contractual and PR-1/2/3 cost sharing are not denial reasons; any
/// other zero-benefit reason is, whatever its group code; see <see cref="Claims.DenialClassifier"/>).
/// </summary>
/// <param name="Denied">Whether any money was denied.</param>
/// <param name="Reason">The first denial reason ("CO-197"), or null when paid.</param>
/// <param name="Category">The reason's category from the denial cause table (Denials/Content/carc-categories.json), or null when paid.</param>
/// <param name="AdjudicatedOn">The adjudication's created date, when known.</param>
/// <param name="Source">"ExplanationOfBenefit/{id}" or "ClaimResponse/{id}".</param>
public sealed record DenialLabel(bool Denied, string? Reason, DenialCategory? Category, DateOnly? AdjudicatedOn, string Source);
