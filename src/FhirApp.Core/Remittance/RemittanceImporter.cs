using FhirApp.Core.Common.X12;
using FhirApp.Core.Denials;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Remittance;

/// <summary>
/// Imports 835 files: read and balance (<see cref="Era835Reader"/>), map each claim (<see cref="RemittanceEobMapper"/>),
/// match CLP01 to the practice's claims. All or nothing per file: a refused file yields no EOB, and
/// <see cref="StoreAsync"/> hands an accepted file's EOBs to the denials intake in one call, which is one database
/// transaction, so a crash never leaves half a file stored and a retry stores nothing twice.
/// </summary>
public sealed class RemittanceImporter(RemittanceClaimIndex? claims = null)
{
    private readonly RemittanceEobMapper _mapper = new(claims);

    public RemittanceImport ImportFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Import(() => Era835Reader.ReadFile(path), path);
    }

    public RemittanceImport Import(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Import(() => Era835Reader.Read(text, source), source);
    }

    /// <summary>Imports one file into the denials intake; a refused file stores nothing.</summary>
    public async Task<(RemittanceImport Import, IntakeResult? Stored)> StoreAsync(IAdjudicationSink sink, string tenant, string path, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var import = ImportFile(path);
        if (!import.Accepted)
        {
            return (import, null);
        }

        return (import, await sink.StoreAsync(tenant, "x12-835:" + path, [.. import.Eobs], ct));
    }

    private RemittanceImport Import(Func<Era835ReadResult> read, string source)
    {
        try
        {
            var file = read();
            if (!file.Accepted)
            {
                return new RemittanceImport { Source = source, Issues = file.Issues };
            }

            var eobs = new List<ExplanationOfBenefit>(file.ClaimCount);
            var unmatched = new List<UnmatchedClaim>();
            foreach (var remittance in file.Remittances)
            {
                foreach (var claim in remittance.Claims)
                {
                    eobs.Add(_mapper.Map(remittance, claim));
                    if (claims is not null && _mapper.Match(claim) is null)
                    {
                        unmatched.Add(new UnmatchedClaim(claim.Segment, claim.PatientControlNumber, claim.PayerClaimNumber, remittance.Payer.Name, claim.Status, claim.Charge, claim.Paid));
                    }
                }
            }

            return new RemittanceImport { Source = source, Eobs = eobs, Unmatched = unmatched };
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            // A reader or mapper bug must cost this file only, and whole: the fuzz tests keep this path unreached.
            return new RemittanceImport { Source = source, Issues = [new X12Issue(0, "", $"the file could not be read ({ex.GetType().Name})")] };
        }
    }
}
