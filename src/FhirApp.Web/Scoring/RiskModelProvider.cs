using FhirApp.Core.Scoring;
using FhirApp.Core.Scrubbing;

namespace FhirApp.Web.Scoring;

/// <summary>
/// The denial-risk model the screens score with: the folder `fhirapp train` wrote, named by `Scoring:ModelDirectory`,
/// or a cold-start model (scrubber priors) that says on screen why there is no trained model yet.
/// </summary>
public static class RiskModelProvider
{
    public static DenialRiskModel Load(IConfiguration configuration, RuleBook rules, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var directory = configuration["Scoring:ModelDirectory"];
        if (string.IsNullOrWhiteSpace(directory))
        {
            return DenialRiskModel.ColdStart(rules, "no model has been trained on this practice's history yet (fhirapp train, then set Scoring:ModelDirectory).");
        }
        try
        {
            return DenialRiskModel.Load(directory, rules);
        }
        catch (InvalidOperationException ex)
        {
            // A missing or stale model must not take the claims screens down: they fall back to priors and say so.
            logger.LogWarning("Denial-risk model not loaded: {Error}", ex.Message);
            return DenialRiskModel.ColdStart(rules, "the configured model could not be loaded (see the server log); retrain it with fhirapp train.");
        }
    }
}
