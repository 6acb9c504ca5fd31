using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace FhirApp.Core.Scrubbing.Tables;

/// <summary>
/// Fills <see cref="CodeTables"/> from a content directory: the project's starter files, replaced table by table by the
/// CMS files a practice drops into <c>cms/</c> (see Content/README.md). Every table cites its file, version and effective
/// date. A broken starter file fails loudly (it ships with the app); a bad line in a CMS download is skipped and counted.
/// </summary>
public static partial class CodeTableLoader
{
    public const string CmsFolder = "cms";

    public static CodeTables Load(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var skipped = new List<int>();
        var issues = new List<string>();
        void Note<T>(TableReadResult<T> result)
        {
            skipped.Add(result.SkippedLines);
            issues.AddRange(result.Issues);
        }

        var tables = LoadStarter(directory, Note);
        var cms = Path.Combine(directory, CmsFolder);
        if (Directory.Exists(cms))
        {
            tables = LoadCmsNcci(cms, tables, Note);
            tables = LoadCmsMue(cms, tables, Note);
            tables = LoadCmsIcd10(cms, tables, Note);
            tables = LoadCmsHcpcs(cms, tables, Note);
            tables = LoadCmsGlobalDays(cms, tables, Note);
        }
        return tables with { SkippedLines = skipped.Sum(), LoadIssues = issues };
    }

    private static CodeTables LoadStarter(string directory, Action<TableReadResult<string>> note)
    {
        var tables = new CodeTables();
        if (ReadJson<NcciFile>(directory, "ncci-ptp.json") is { } ncci)
        {
            tables = tables with
            {
                NcciPairs = [.. ncci.Pairs.Select(p => p with { Column1 = p.Column1.Trim().ToUpperInvariant(), Column2 = p.Column2.Trim().ToUpperInvariant() })],
                NcciSource = Cite(ncci.Source, "ncci-ptp.json", ncci.Version, ncci.Effective),
            };
        }
        if (ReadJson<MueFile>(directory, "mue.json") is { } mue)
        {
            tables = tables with
            {
                Mue = mue.Limits
                    .Select(l => new MueLimit(l.Code.Trim().ToUpperInvariant(), l.Units, l.Mai))
                    .ToDictionary(l => l.Code, StringComparer.Ordinal),
                MueSource = Cite(mue.Source, "mue.json", mue.Version, mue.Effective),
            };
        }
        if (ReadJson<IcdFile>(directory, "icd10cm.json") is { } icd)
        {
            tables = tables with
            {
                Icd10 = icd.Codes
                    .Select(r => new IcdCode(ClaimFacts.NormalizeIcd(r.Code), r.Billable, r.Sex is { Length: 1 } sex ? char.ToUpperInvariant(sex[0]) : null, r.MinAge, r.MaxAge))
                    .ToDictionary(c => c.Code, StringComparer.Ordinal),
                Icd10Source = Cite(icd.Source, "icd10cm.json", icd.Version, icd.Effective),
            };
        }
        if (ReadJson<GlobalDaysFile>(directory, "global-days.json") is { } global)
        {
            tables = tables with
            {
                GlobalDays = global.Days.ToDictionary(d => d.Key.Trim().ToUpperInvariant(), d => d.Value, StringComparer.Ordinal),
                GlobalDaysSource = Cite(global.Source, "global-days.json", global.Version, global.Effective),
            };
        }
        if (CommentedFile.Read(Path.Combine(directory, "hcpcs-level2.txt")) is { } hcpcs)
        {
            var log = new SkippedLineLog(hcpcs.FileName);
            var codes = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (number, text) in hcpcs.Lines)
            {
                var code = text.Trim().ToUpperInvariant();
                if (CodePatterns.IsHcpcsLevel2(code))
                {
                    codes.Add(code);
                }
                else
                {
                    log.Skip(number, $"'{code}' is not a HCPCS Level II code (a letter A-V and 4 digits)");
                }
            }
            note(log.Result<string>([]));
            tables = tables with { HcpcsLevel2 = codes, HcpcsSource = hcpcs.Cite() };
        }
        if (CommentedFile.Read(Path.Combine(directory, "place-of-service.csv")) is { } pos)
        {
            var log = new SkippedLineLog(pos.FileName);
            var places = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (number, text) in pos.Lines.Where(l => !l.Text.StartsWith("code,", StringComparison.OrdinalIgnoreCase)))
            {
                var fields = CmsMueReader.SplitCsv(text);
                if (fields.Count >= 2 && fields[0].Trim() is { Length: 2 } code && code.All(char.IsAsciiDigit))
                {
                    places[code] = fields[1].Trim();
                }
                else
                {
                    log.Skip(number, "expected code,name with a two-digit code");
                }
            }
            note(log.Result<string>([]));
            tables = tables with { PlacesOfService = places, PlaceOfServiceSource = pos.Cite() };
        }
        return tables;
    }

    private static CodeTables LoadCmsNcci(string cms, CodeTables tables, Action<TableReadResult<NcciPair>> note)
    {
        // CMS splits the practitioner PTP table into several files per quarter (ccipra-v321r0-f1.txt … f4.txt).
        var files = Directory.EnumerateFiles(cms, "*.txt")
            .Where(f => Path.GetFileName(f) is var n && (n.StartsWith("ccipra", StringComparison.OrdinalIgnoreCase) || n.Contains("ptp", StringComparison.OrdinalIgnoreCase)))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            return tables;
        }
        var pairs = new List<NcciPair>();
        foreach (var file in files)
        {
            using var reader = File.OpenText(file);
            var result = CmsNcciPtpReader.Read(reader, Path.GetFileName(file));
            pairs.AddRange(result.Rows);
            note(result);
        }
        var names = string.Join(", ", files.Select(Path.GetFileName));
        return tables with
        {
            NcciPairs = pairs,
            NcciSource = new SourceCitation($"NCCI PTP practitioner edits (CMS download {names}; effective date per edit)", VersionFromName(Path.GetFileNameWithoutExtension(files[0]))),
        };
    }

    private static CodeTables LoadCmsMue(string cms, CodeTables tables, Action<TableReadResult<MueLimit>> note)
    {
        var file = Directory.EnumerateFiles(cms, "*.csv")
            .Where(f => Path.GetFileName(f).Contains("mue", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .LastOrDefault();
        if (file is null)
        {
            return tables;
        }
        using var reader = File.OpenText(file);
        var result = CmsMueReader.Read(reader, Path.GetFileName(file));
        note(result);
        // CMS names the file after its effective date, e.g. MCR_MUE_PractitionerServices_Eff_01-01-2026.csv.
        var effective = UsDate().Match(Path.GetFileName(file)) is { Success: true } m
            && DateOnly.TryParseExact(m.Value, "MM-dd-yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                ? $", effective {date:yyyy-MM-dd}"
                : "";
        var limits = new Dictionary<string, MueLimit>(StringComparer.Ordinal);
        foreach (var row in result.Rows)
        {
            limits[row.Code] = row;
        }
        return tables with
        {
            Mue = limits,
            MueSource = new SourceCitation($"MUE practitioner services (CMS download {Path.GetFileName(file)}{effective})", VersionFromName(Path.GetFileNameWithoutExtension(file))),
        };
    }

    private static CodeTables LoadCmsIcd10(string cms, CodeTables tables, Action<TableReadResult<IcdCode>> note)
    {
        var file = Directory.EnumerateFiles(cms, "icd10cm*order*.txt").Order(StringComparer.Ordinal).LastOrDefault();
        if (file is null)
        {
            return tables;
        }
        using var reader = File.OpenText(file);
        var result = CmsIcd10OrderReader.Read(reader, Path.GetFileName(file));
        note(result);
        // The order file has no sex or age limits: keep the starter table's for the codes both list.
        var codes = new Dictionary<string, IcdCode>(result.Rows.Count, StringComparer.Ordinal);
        foreach (var row in result.Rows)
        {
            codes[row.Code] = tables.Icd10.TryGetValue(row.Code, out var starter)
                ? row with { Sex = starter.Sex, MinAge = starter.MinAge, MaxAge = starter.MaxAge }
                : row;
        }
        // The code set of fiscal year YYYY takes effect on 1 October of the year before.
        var year = Year().Match(Path.GetFileName(file));
        var version = year.Success ? $"FY{year.Value}" : Path.GetFileNameWithoutExtension(file);
        var effective = year.Success ? $", effective {int.Parse(year.Value, CultureInfo.InvariantCulture) - 1}-10-01" : "";
        return tables with
        {
            Icd10 = codes,
            Icd10IsComplete = true,
            Icd10Source = new SourceCitation($"ICD-10-CM (CMS/CDC order file {Path.GetFileName(file)}{effective})", version),
        };
    }

    private static CodeTables LoadCmsHcpcs(string cms, CodeTables tables, Action<TableReadResult<HcpcsCode>> note)
    {
        // Each annual or quarterly release is the whole code set, terminated codes included: the newest one wins.
        var file = CmsFileOrder.Newest(Directory.EnumerateFiles(cms, "HCPC*.*")
            .Where(f => Path.GetExtension(f).ToUpperInvariant() is ".TXT" or ".CSV" && !Path.GetFileName(f).Contains("layout", StringComparison.OrdinalIgnoreCase)));
        if (file is null)
        {
            return tables;
        }
        using var reader = File.OpenText(file);
        var name = Path.GetFileName(file);
        var result = Path.GetExtension(file).Equals(".csv", StringComparison.OrdinalIgnoreCase)
            ? CmsHcpcsReader.ReadCsv(reader, name)
            : CmsHcpcsReader.ReadFixedWidth(reader, name);
        note(result);
        var codes = new Dictionary<string, HcpcsCode>(result.Rows.Count, StringComparer.Ordinal);
        foreach (var row in result.Rows)
        {
            codes[row.Code] = row;
        }
        return tables with
        {
            HcpcsLevel2 = codes.Keys.ToHashSet(StringComparer.Ordinal),
            HcpcsDates = codes,
            HcpcsSource = new SourceCitation($"HCPCS Level II (CMS download {name}; add and termination date per code)", Path.GetFileNameWithoutExtension(file)),
        };
    }

    private static CodeTables LoadCmsGlobalDays(string cms, CodeTables tables, Action<TableReadResult<CmsRvuReader.Row>> note)
    {
        var file = CmsFileOrder.Newest(Directory.EnumerateFiles(cms, "*.csv").Where(f => Path.GetFileName(f).Contains("RVU", StringComparison.OrdinalIgnoreCase)));
        if (file is null)
        {
            return tables;
        }
        using var reader = File.OpenText(file);
        var name = Path.GetFileName(file);
        var result = CmsRvuReader.Read(reader, name);
        note(result);
        // The row without a modifier speaks for the code; 26 / TC rows only for codes that have no such row.
        var rows = new Dictionary<string, CmsRvuReader.Row>(StringComparer.Ordinal);
        foreach (var row in result.Rows.Where(r => r.Modifier.Length == 0 || !rows.ContainsKey(r.Code)))
        {
            rows[row.Code] = row;
        }
        // The file replaces the starter table for every code it lists, also where it gives no fixed period (XXX, ZZZ…).
        var days = tables.GlobalDays.Where(d => !rows.ContainsKey(d.Key)).ToDictionary(StringComparer.Ordinal);
        foreach (var row in rows.Values.Where(r => r.GlobalDays is not null))
        {
            days[row.Code] = row.GlobalDays!.Value;
        }
        return tables with
        {
            GlobalDays = days,
            GlobalDaysSource = new SourceCitation($"MPFS relative value file (CMS download {name}, GLOB DAYS; the starter table for codes it does not list)", Path.GetFileNameWithoutExtension(file)),
        };
    }

    private static T? ReadJson<T>(string directory, string fileName)
        where T : class
    {
        var path = Path.Combine(directory, fileName);
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), PayerPolicyLoader.Json)
                ?? throw new InvalidOperationException("empty file");
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"Code table '{fileName}' is invalid: {ex.Message}", ex);
        }
    }

    private static SourceCitation Cite(string source, string fileName, string version, DateOnly effective) =>
        new($"{source} [{fileName}, effective {effective:yyyy-MM-dd}]", version);

    private static string VersionFromName(string stem) => FileSuffix().Replace(stem, "");

    [GeneratedRegex(@"\d{2}-\d{2}-\d{4}")]
    private static partial Regex UsDate();

    [GeneratedRegex(@"(?<!\d)(19|20)\d{2}(?!\d)")]
    private static partial Regex Year();

    [GeneratedRegex(@"-f\d+$", RegexOptions.IgnoreCase)]
    private static partial Regex FileSuffix();

    private sealed record NcciFile(string Version, DateOnly Effective, string Source, IReadOnlyList<NcciPair> Pairs);

    private sealed record MueFile(string Version, DateOnly Effective, string Source, IReadOnlyList<MueRow> Limits);

    private sealed record MueRow(string Code, int Units, int Mai);

    private sealed record IcdFile(string Version, DateOnly Effective, string Source, IReadOnlyList<IcdRow> Codes);

    private sealed record IcdRow(string Code, bool Billable, string? Sex = null, int? MinAge = null, int? MaxAge = null);

    private sealed record GlobalDaysFile(string Version, DateOnly Effective, string Source, IReadOnlyDictionary<string, int> Days);
}
