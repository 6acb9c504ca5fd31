using System.Text.Json;
using System.Text.Json.Serialization;

namespace FhirApp.Core.Scrubbing;

/// <summary>
/// The kind of request an appeal level takes, which decides the letter's form: its title, the fields the reviewer looks
/// for, and what it cites. Named in the payer file per level ("form": "medicare-redetermination"); without it a level
/// takes the commercial form of its position (first, second, then external review).
/// </summary>
[JsonConverter(typeof(AppealFormJsonConverter))]
public enum AppealForm
{
    /// <summary>A commercial plan's first-level provider appeal (reconsideration) under the contract.</summary>
    CommercialFirstLevel,

    /// <summary>A commercial plan's second-level appeal, after an upheld first level.</summary>
    CommercialSecondLevel,

    /// <summary>External review by an independent review organization, after the plan's internal appeals.</summary>
    ExternalReview,

    /// <summary>Medicare Part A/B redetermination by the MAC (form CMS-20027, 42 CFR 405.940-405.958).</summary>
    MedicareRedetermination,

    /// <summary>Medicare reconsideration by a qualified independent contractor (form CMS-20033, 42 CFR 405.960-405.978).</summary>
    MedicareReconsideration,

    /// <summary>A Medicare hearing before an administrative law judge (form OMHA-100, 42 CFR 405.1000-405.1063).</summary>
    MedicareHearing,

    /// <summary>A state Medicaid program's (or its managed-care plan's) provider appeal, at any of its levels.</summary>
    Medicaid,
}

/// <summary>Kebab-case names in the payer files ("medicare-redetermination"); an unknown name fails the load.</summary>
internal sealed class AppealFormJsonConverter() : JsonStringEnumConverter<AppealForm>(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false);
