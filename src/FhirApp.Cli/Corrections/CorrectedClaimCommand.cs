using System.CommandLine;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using FhirApp.Core.Claims;
using FhirApp.Core.Claims.Fhir;
using FhirApp.Core.Scrubbing.Corrections.X12;
using Hl7.Fhir.Model;

namespace FhirApp.Cli.Corrections;

/// <summary>
/// `fhirapp corrected-claim --claims DIR --claim ID --out FILE [--draft CLAIM.json] [--void] [--payer-claim-number N]
/// [--submitter SUBMITTER.json]`: writes the claim (or its corrected draft) as an 837P replacement or void, validated by
/// reading it back. Exit 1 with the reasons when data are missing or the file would not conform.
/// </summary>
internal static class CorrectedClaimCommand
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true, ReadCommentHandling = JsonCommentHandling.Skip };

    public static Command Create(TextWriter output, TextWriter error)
    {
        var claims = new Option<string>("--claims") { Description = "Folder of FHIR Bulk NDJSON and/or Bundle / resource JSON files holding the claim, its patient, coverage, payer and providers.", Required = true };
        var claim = new Option<string>("--claim") { Description = "Id of the Claim.", Required = true };
        var outFile = new Option<string>("--out") { Description = "The 837P file to write.", Required = true };
        var draft = new Option<string?>("--draft") { Description = "The corrected draft (a FHIR Claim JSON file, as the app saves accepted corrections); default: the claim as it is." };
        var isVoid = new Option<bool>("--void") { Description = "Void the payer's claim (CLM05-3 = 8) instead of replacing it (7)." };
        var number = new Option<string?>("--payer-claim-number") { Description = "The payer's claim control number for REF*F8; default: the identifier of the claim's latest EOB." };
        var submitter = new Option<string?>("--submitter")
        {
            Description = "JSON file of submitter settings (submitterName, submitterId, contactName, contactPhone, receiverName, receiverId, interchangeSenderId, interchangeReceiverId, usage, controlNumber, billingProviderZip…); default: test settings (ISA15 = T).",
        };
        var command = new Command("corrected-claim", "Write a corrected claim as an X12 837P replacement or void, checked by reading it back.")
        {
            claims, claim, outFile, draft, isVoid, number, submitter,
        };
        command.SetAction(parseResult => Run(
            parseResult.GetValue(claims)!, parseResult.GetValue(claim)!, parseResult.GetValue(outFile)!, parseResult.GetValue(draft),
            parseResult.GetValue(isVoid), parseResult.GetValue(number), parseResult.GetValue(submitter), output, error));
        return command;
    }

    private static int Run(string directory, string claimId, string outFile, string? draftFile, bool isVoid, string? payerClaimNumber, string? submitterFile, TextWriter output, TextWriter error)
    {
        if (!Directory.Exists(directory))
        {
            error.WriteLine($"Claims folder '{directory}' does not exist.");
            return FhirAppCommandLine.Failed;
        }

        if (LoadOptions(submitterFile, output, error) is not { } options)
        {
            return FhirAppCommandLine.Failed;
        }

        var read = FhirResourceReader.ReadDirectory(directory);
        var builder = new ClaimContextBuilder();
        var context = PatientRecordGrouper.Group(read.Resources).Select(r => builder.Build(r, claimId)).FirstOrDefault(c => c is not null);
        if (context?.Claim is null)
        {
            error.WriteLine($"Claim '{claimId}' is not in '{directory}'.");
            return FhirAppCommandLine.Failed;
        }

        var draft = context.Claim;
        if (draftFile is not null)
        {
            var parsed = File.Exists(draftFile) ? FhirResourceReader.ReadFile(draftFile).Resources.OfType<Claim>().FirstOrDefault() : null;
            if (parsed is null)
            {
                error.WriteLine($"'{draftFile}' holds no FHIR Claim.");
                return FhirAppCommandLine.Failed;
            }

            draft = parsed;
        }

        var frequency = isVoid ? ClaimFrequency.Void : ClaimFrequency.Replacement;
        var result = new Claim837PWriter(TimeProvider.System).Write(draft, context, options, frequency, payerClaimNumber);
        if (!result.IsValid)
        {
            error.WriteLine($"No 837P written for claim {claimId}:");
            foreach (var issue in result.Issues)
            {
                error.WriteLine("  " + issue);
            }

            return FhirAppCommandLine.Failed;
        }

        try
        {
            File.WriteAllText(outFile, result.Content);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"Cannot write '{outFile}': {ex.Message}");
            return FhirAppCommandLine.Failed;
        }

        var claim = result.Claim!;
        output.WriteLine($"837P {(isVoid ? "void (8)" : "replacement (7)")} of claim {claim.PatientControlNumber}: payer claim number {claim.PayerClaimNumber}, {claim.Lines.Count} line(s), total {claim.TotalCharge:0.00}; read back and valid (005010X222A1).");
        output.WriteLine($"Written to {Path.GetFullPath(outFile)}");
        return FhirAppCommandLine.Success;
    }

    private static Submitter837Options? LoadOptions(string? path, TextWriter output, TextWriter error)
    {
        Submitter837Options? options;
        if (path is null)
        {
            output.WriteLine("No --submitter: test submitter settings, ISA15 = T. A clearinghouse needs the practice's own.");
            options = new Submitter837Options
            {
                SubmitterName = "TEST SUBMITTER", SubmitterId = "TESTSUBMITTER", ContactName = "BILLING", ContactPhone = "5555550100",
                ReceiverName = "TEST RECEIVER", ReceiverId = "TESTRECEIVER", InterchangeSenderId = "TESTSUBMITTER", InterchangeReceiverId = "TESTRECEIVER",
            };
        }
        else
        {
            try
            {
                options = JsonSerializer.Deserialize<Submitter837Options>(File.ReadAllText(path), Json);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
            {
                error.WriteLine($"Cannot read the submitter settings '{path}': {ex.Message}");
                return null;
            }
        }

        var problems = new List<ValidationResult>();
        if (options is null || !Validator.TryValidateObject(options, new ValidationContext(options), problems, validateAllProperties: true))
        {
            error.WriteLine($"Submitter settings are not valid: {string.Join("; ", problems.Select(p => p.ErrorMessage))}");
            return null;
        }

        return options;
    }
}
