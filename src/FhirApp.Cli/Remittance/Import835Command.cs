using System.CommandLine;
using System.Globalization;
using FhirApp.Core.Claims.Fhir;
using FhirApp.Core.Common;
using FhirApp.Core.Remittance;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace FhirApp.Cli.Remittance;

/// <summary>
/// `fhirapp import-835 FILE|DIR… --out DIR [--claims DIR]`: reads and balances each 835, maps its claims to
/// ExplanationOfBenefits and writes them to DIR/ExplanationOfBenefit.ndjson; DIR/refused.csv lists the refused files with
/// every issue (segment number and id); with --claims, DIR/unmatched.csv lists the claims whose CLP01 matches no Claim
/// id or identifier. All or nothing per file. Exit 0 when every file was accepted, 1 when any was refused (the accepted
/// ones are still written) or nothing could be read.
/// </summary>
internal static class Import835Command
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var files = new Argument<string[]>("files")
        {
            Description = "835 files, or folders holding them (*.835, *.x12, *.edi, or any file starting with ISA).",
            Arity = ArgumentArity.OneOrMore,
        };
        var outDir = new Option<string>("--out") { Description = "Folder to write ExplanationOfBenefit.ndjson, refused.csv and unmatched.csv.", Required = true };
        var claims = new Option<string?>("--claims")
        {
            Description = "The practice's FHIR export (NDJSON / Bundles): CLP01 is matched to each Claim's id or identifier, and the matched EOBs reference the Claim, its patient, payer and coverage.",
        };
        var command = new Command("import-835", "Import X12 835 remittances: parse, balance, map each claim to an ExplanationOfBenefit (NDJSON); refused files and unmatched claims listed.")
        {
            files, outDir, claims,
        };
        command.SetAction(parseResult => Run(parseResult.GetValue(files)!, parseResult.GetValue(outDir)!, parseResult.GetValue(claims), output, error));
        return command;
    }

    private static int Run(string[] inputs, string outDir, string? claimsDirectory, TextWriter output, TextWriter error)
    {
        var missing = inputs.Where(p => !File.Exists(p) && !Directory.Exists(p)).ToList();
        if (missing.Count > 0)
        {
            error.WriteLine($"No such file or folder: {string.Join(", ", missing)}");
            return FhirAppCommandLine.Failed;
        }

        RemittanceClaimIndex? index = null;
        if (claimsDirectory is not null)
        {
            if (!Directory.Exists(claimsDirectory) && !File.Exists(claimsDirectory))
            {
                error.WriteLine($"Claims folder '{claimsDirectory}' does not exist.");
                return FhirAppCommandLine.Failed;
            }

            var read = Directory.Exists(claimsDirectory) ? FhirResourceReader.ReadDirectory(claimsDirectory) : FhirResourceReader.ReadFile(claimsDirectory);
            index = new RemittanceClaimIndex(read.Resources.OfType<Claim>());
        }

        var files = inputs.SelectMany<string, string>(p => File.Exists(p)
                ? new[] { p }
                : Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories).Where(RemittanceFiles.IsX12).Order(StringComparer.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            error.WriteLine("No 835 file found.");
            return FhirAppCommandLine.Failed;
        }

        try
        {
            Directory.CreateDirectory(outDir);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"Cannot create '{outDir}': {ex.Message}");
            return FhirAppCommandLine.Failed;
        }

        var importer = new RemittanceImporter(index);
        var written = new HashSet<(string?, string?)>();
        int accepted = 0, claims = 0, duplicates = 0;
        var refused = new List<RemittanceImport>();
        var unmatched = new List<(string File, UnmatchedClaim Claim)>();
        var serializer = new FhirJsonSerializer();
        using (var ndjson = CsvOutput.TryCreate(Path.Combine(outDir, "ExplanationOfBenefit.ndjson"), error))
        {
            if (ndjson is null)
            {
                return FhirAppCommandLine.Failed;
            }

            foreach (var file in files)
            {
                var import = importer.ImportFile(file);
                if (!import.Accepted)
                {
                    refused.Add(import);
                    continue;
                }

                accepted++;
                claims += import.Eobs.Count;
                unmatched.AddRange(import.Unmatched.Select(u => (File: file, Claim: u)));
                foreach (var eob in import.Eobs)
                {
                    // The same remittance delivered twice (two file names) is written once: ingest is by id and version.
                    if (!written.Add((eob.Id, eob.Meta?.VersionId)))
                    {
                        duplicates++;
                        continue;
                    }

                    ndjson.Write(serializer.SerializeToString(eob));
                    ndjson.Write('\n');
                }
            }
        }

        if (!WriteRefused(Path.Combine(outDir, "refused.csv"), refused, error)
            || (index is not null && !WriteUnmatched(Path.Combine(outDir, "unmatched.csv"), unmatched, error)))
        {
            return FhirAppCommandLine.Failed;
        }

        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"835 files read:     {files.Count}"));
        output.WriteLine(string.Create(c, $"  accepted:         {accepted}"));
        output.WriteLine(string.Create(c, $"  refused:          {refused.Count}"));
        foreach (var file in refused)
        {
            output.WriteLine($"    {file.Source}: {file.Issues[0]}{(file.Issues.Count > 1 ? $" (and {file.Issues.Count - 1} more, see refused.csv)" : "")}");
        }

        output.WriteLine(string.Create(c, $"Claims (CLP):       {claims}"));
        output.WriteLine(string.Create(c, $"EOBs written:       {written.Count}{(duplicates > 0 ? $" ({duplicates} repeated in another file, written once)" : "")}"));
        if (index is not null)
        {
            output.WriteLine(string.Create(c, $"Matched to claims:  {claims - unmatched.Count} of {claims} ({index.Count} practice claims read); unmatched listed in unmatched.csv"));
        }

        output.WriteLine($"Written to {Path.GetFullPath(outDir)}");
        return refused.Count == 0 ? FhirAppCommandLine.Success : FhirAppCommandLine.Failed;
    }

    private static bool WriteRefused(string path, List<RemittanceImport> refused, TextWriter error)
    {
        using var csv = CsvOutput.TryCreate(path, error);
        if (csv is null)
        {
            return false;
        }

        csv.Write(CsvText.Row("file", "segment", "segment_id", "issue"));
        foreach (var file in refused)
        {
            foreach (var issue in file.Issues)
            {
                csv.Write(CsvText.Row(file.Source, issue.SegmentNumber.ToString(CultureInfo.InvariantCulture), issue.SegmentId, issue.Message));
            }
        }

        return true;
    }

    private static bool WriteUnmatched(string path, List<(string File, UnmatchedClaim Claim)> unmatched, TextWriter error)
    {
        using var csv = CsvOutput.TryCreate(path, error);
        if (csv is null)
        {
            return false;
        }

        var c = CultureInfo.InvariantCulture;
        csv.Write(CsvText.Row("file", "segment", "patient_control_number", "payer_claim_number", "payer", "claim_status", "charge", "paid"));
        foreach (var (file, claim) in unmatched)
        {
            csv.Write(CsvText.Row(file, claim.Segment.ToString(c), claim.PatientControlNumber, claim.PayerClaimNumber, claim.Payer, claim.Status,
                claim.Charge.ToString("0.00", c), claim.Paid.ToString("0.00", c)));
        }

        return true;
    }
}
