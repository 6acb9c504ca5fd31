using FhirApp.Core.Appeals;
using FhirApp.Core.Claims;
using FhirApp.Core.Denials;
using FhirApp.Core.Documentation;
using FhirApp.Core.Scrubbing;
using FhirApp.Core.Tests.Scrubbing;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Tests.Claims;

/// <summary>
/// One rendering provider: the claim page, the scrubber's facts, the model's input, the addendum Task and the denial
/// queue name the same practitioner, also when a supervisor comes first in the care team.
/// </summary>
public sealed class ClaimPartiesTests
{
    private const string RoleSystem = "http://terminology.hl7.org/CodeSystem/claimcareteamrole";

    [Fact]
    public void GivenSupervisorFirstInTheCareTeam_WhenEveryPlaceReadsTheRenderingProvider_ThenAllNameTheSamePractitioner()
    {
        var claims = new ClaimLevelRuleClaims().Line("99213");
        var supervisor = new Practitioner { Id = "pr-supervisor", Identifier = [new Identifier(ClaimLevelRuleClaims.NpiSystem, "1329485712")] };
        claims.Claim.CareTeam[0].Sequence = 2;
        claims.Claim.CareTeam[0].Responsible = false;
        claims.Claim.CareTeam.Insert(0, new Claim.CareTeamComponent
        {
            Sequence = 1,
            Provider = new ResourceReference("Practitioner/pr-supervisor"),
            Responsible = true,
            Role = new CodeableConcept(RoleSystem, "supervisor"),
        });
        claims.Claim.Item[0].CareTeamSequence = [1, 2];
        claims.Add(supervisor);
        var context = claims.Input().Context;
        var detail = ClaimDisplayMapper.ToDetail(context);
        var criterion = new Criterion("session-times", "Session times", Question: "When did the {date} session start and end?");

        ClaimParties.Rendering(context)!.Id.ShouldBe("pr-render");
        detail.RenderingProvider!.Reference.ShouldBe("Practitioner/pr-render");
        AddendumRequests.NewTask(context, detail, criterion, 1, null, DateTimeOffset.UnixEpoch).Owner!.Reference.ShouldBe("Practitioner/pr-render");
        ClaimFacts.From(context).RenderingNpi.ShouldBe("1847293051");
        new DenialDetector(DenialCauseTable.Load()).Detect(EobOf(claims.Claim)).Facts.RenderingProvider.ShouldBe("pr-render");
    }

    [Fact]
    public void GivenAClaimWithoutCareTeam_WhenItsEobHasOne_ThenThePageAndTheScrubberBorrowTheSameMember()
    {
        var claims = new ClaimLevelRuleClaims().Line("99213");
        var eob = EobOf(claims.Claim);
        eob.CareTeam.Insert(0, new ExplanationOfBenefit.CareTeamComponent
        {
            Sequence = 9,
            Provider = new ResourceReference("Practitioner/pr-supervisor"),
            Role = new CodeableConcept(RoleSystem, "supervisor"),
        });
        claims.Claim.CareTeam.Clear();
        claims.Claim.Item[0].CareTeamSequence = [];
        claims.Add(eob, new Practitioner { Id = "pr-supervisor" });
        var context = claims.Input().Context;

        ClaimParties.Rendering(context)!.Id.ShouldBe("pr-render");
        ClaimDisplayMapper.ToDetail(context).RenderingProvider!.Reference.ShouldBe("Practitioner/pr-render");
    }

    private static ExplanationOfBenefit EobOf(Claim claim) => new()
    {
        Id = "eob-" + claim.Id,
        Status = ExplanationOfBenefit.ExplanationOfBenefitStatus.Active,
        Use = ClaimUseCode.Claim,
        Outcome = ClaimProcessingCodes.Complete,
        Patient = claim.Patient,
        Insurer = claim.Insurer!,
        Provider = claim.Provider,
        Claim = new ResourceReference("Claim/" + claim.Id),
        BillablePeriod = claim.BillablePeriod,
        CareTeam = [.. claim.CareTeam.Select(m => new ExplanationOfBenefit.CareTeamComponent
        {
            Sequence = m.Sequence,
            Provider = m.Provider,
            Responsible = m.Responsible,
            Role = m.Role,
        })],
        Item = [.. claim.Item.Select(i => new ExplanationOfBenefit.ItemComponent
        {
            Sequence = i.Sequence,
            ProductOrService = i.ProductOrService,
            CareTeamSequence = i.CareTeamSequence,
        })],
    };
}
