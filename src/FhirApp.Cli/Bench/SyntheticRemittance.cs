using System.Globalization;
using System.Text;

namespace FhirApp.Cli.Bench;

/// <summary>
/// A synthetic, balanced 835 for the benchmark: one interchange, transaction sets of up to 5,000 claims, each from one of
/// five payers whose names and ids come from the seed (no demo payer is assumed). Mostly paid claims (CO-45 write-downs,
/// PR-1/2/3 cost sharing), about 12% with a denied line and 4% denied whole (CARC + RARC), claim-level rejections
/// (CO-16 + MA130), reversals (CLP02 = 22), not-our-claim (23), secondary payments, and PLB recoupments. Same seed,
/// same file.
/// </summary>
internal static class SyntheticRemittance
{
    public const int ClaimsPerTransaction = 5_000;

    private static readonly string[] Words = ["NORTH", "RIVER", "SUMMIT", "VALLEY", "HARBOR", "PRAIRIE", "CEDAR", "BAY", "STATE", "UNITED", "PIONEER", "LAKES"];
    private static readonly string[] Codes = ["99213", "99214", "99203", "20610", "73562", "97110", "90837", "29881", "J3301", "36415"];
    private static readonly (string Group, string Carc, string? Rarc)[] Denials =
    [
        ("CO", "197", "N54"), ("CO", "50", "M76"), ("CO", "16", "M51"), ("PR", "27", "N30"), ("CO", "97", "N20"), ("CO", "236", "N20"),
        ("OA", "18", null), ("CO", "29", null), ("CO", "4", "N519"), ("CO", "167", null), ("PR", "204", "N130"), ("CO", "B7", null), ("CO", "151", "N362"),
    ];

    /// <summary>Writes the file; returns its claim count by status (for the report).</summary>
    public static Dictionary<string, int> Write(string path, int claims, int seed)
    {
        var random = new Random(seed);
        var payers = Enumerable.Range(0, 5)
            .Select(i => ($"{Words[random.Next(Words.Length)]} {Words[random.Next(Words.Length)]} HEALTH PLAN {i + 1}", random.Next(10_000, 99_999).ToString(CultureInfo.InvariantCulture)))
            .ToArray();
        var statuses = new Dictionary<string, int>();
        var c = CultureInfo.InvariantCulture;
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
        var sets = (claims + ClaimsPerTransaction - 1) / ClaimsPerTransaction;
        writer.Write("ISA*00*          *00*          *ZZ*SYNTHCLEARING  *ZZ*PRACTICE       *260415*0600*^*00501*000000001*0*P*:~\n");
        writer.Write("GS*HP*SYNTHCLEARING*PRACTICE*20260415*0600*1*X*005010X221A1~\n");
        var claimNumber = 0;
        for (var set = 1; set <= sets; set++)
        {
            var (payerName, payerId) = payers[random.Next(payers.Length)];
            var body = new StringBuilder();
            var segments = 0;
            decimal paidTotal = 0;
            void Segment(string text)
            {
                body.Append(text).Append("~\n");
                segments++;
            }

            Segment("LX*1");
            var inSet = Math.Min(ClaimsPerTransaction, claims - claimNumber);
            for (var i = 0; i < inSet; i++, claimNumber++)
            {
                var (status, paid) = Claim(claimNumber, payerId, random, Segment);
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                paidTotal += paid;
            }

            decimal plb = 0;
            if (random.NextDouble() < 0.3 && paidTotal > 500)
            {
                plb = Math.Round((decimal)(10 + (random.NextDouble() * 190)), 2);
                Segment(string.Create(c, $"PLB*1703849269*20261231*WO:{payerId}{set:D6}*{A(plb)}"));
            }

            var header = new StringBuilder();
            header.Append(c, $"ST*835*{set:D4}~\n");
            header.Append(c, $"BPR*I*{A(paidTotal - plb)}*C*ACH*CCP*01*011000015*DA*123456789*1512345678**01*021000021*DA*987654321*20260417~\n");
            header.Append(c, $"TRN*1*EFT{seed}{set:D6}*1{payerId}0000~\n");
            header.Append("DTM*405*20260415~\n");
            header.Append(c, $"N1*PR*{payerName}~\nREF*2U*{payerId}~\n");
            header.Append("N1*PE*SYNTHETIC PRACTICE*XX*1703849269~\n");
            writer.Write(header);
            writer.Write(body);
            writer.Write(string.Create(c, $"SE*{segments + 8}*{set:D4}~\n"));
        }

        writer.Write(string.Create(c, $"GE*{sets}*1~\nIEA*1*000000001~\n"));
        return statuses;
    }

    // One CLP loop; returns its status and CLP04.
    private static (string Status, decimal Paid) Claim(int number, string payerId, Random random, Action<string> segment)
    {
        var c = CultureInfo.InvariantCulture;
        var roll = random.NextDouble();
        var status = roll switch
        {
            < 0.02 => "22",
            < 0.03 => "23",
            < 0.06 => "2",
            < 0.10 => "4",
            _ => "1",
        };
        var dos = new DateOnly(2026, 1, 1).AddDays(random.Next(0, 90));
        var pcn = string.Create(c, $"PCN{number:D7}");
        var icn = string.Create(c, $"{payerId}{number:D9}");
        if (status == "23" || (status == "4" && random.NextDouble() < 0.25))
        {
            // Claim-level only: not our claim (OA-109), or unprocessable (CO-16 + MA130).
            var charge = Money(random, 80, 900);
            segment(string.Create(c, $"CLP*{pcn}*{status}*{A(charge)}*0**12*{icn}*11*1"));
            segment(string.Create(c, $"NM1*QC*1*PATIENT*SYNTHETIC****MI*M{number:D9}"));
            segment(string.Create(c, $"CAS*{(status == "23" ? "OA*109" : "CO*16")}*{A(charge)}"));
            if (status == "4")
            {
                segment("MOA***MA130");
            }

            segment(string.Create(c, $"DTM*232*{dos:yyyyMMdd}"));
            return (status, 0);
        }

        var lines = new List<(string Code, decimal Charge, decimal Paid, List<(string Group, string Carc, decimal Amount)> Cas, string? Rarc, decimal Allowed)>();
        var count = random.Next(1, 5);
        var deniedLine = status == "4" ? -1 : random.NextDouble() < 0.13 ? random.Next(count) : -2;
        for (var l = 0; l < count; l++)
        {
            var charge = Money(random, 50, 2000);
            var cas = new List<(string, string, decimal)>();
            string? rarc = null;
            decimal paid = 0, allowed = 0;
            if (deniedLine == -1 || deniedLine == l)
            {
                var (group, carc, remark) = Denials[random.Next(Denials.Length)];
                cas.Add((group, carc, charge));
                rarc = remark;
            }
            else
            {
                allowed = Math.Round(charge * (decimal)(0.45 + (random.NextDouble() * 0.4)), 2);
                cas.Add(("CO", "45", charge - allowed));
                var share = random.Next(4) switch
                {
                    0 => ("PR", "3", Math.Min(allowed, 25m)),
                    1 => ("PR", "2", Math.Round(allowed * 0.2m, 2)),
                    2 => ("PR", "1", Math.Min(allowed, Math.Round((decimal)(random.NextDouble() * 300), 2))),
                    _ => ("", "", 0m),
                };
                if (share.Item3 > 0)
                {
                    cas.Add(share);
                }

                paid = allowed - share.Item3;
            }

            lines.Add((Codes[random.Next(Codes.Length)], charge, paid, cas, rarc, allowed));
        }

        // A reversal takes a whole earlier payment back: every amount negated.
        var sign = status == "22" ? -1m : 1m;
        var total = lines.Sum(l => l.Charge);
        var paidTotal = lines.Sum(l => l.Paid);
        var patient = lines.SelectMany(l => l.Cas).Where(x => x.Group == "PR").Sum(x => x.Amount);
        segment(string.Create(c, $"CLP*{pcn}*{status}*{A(sign * total)}*{A(sign * paidTotal)}*{A(sign * patient)}*12*{icn}*11*1"));
        segment(string.Create(c, $"NM1*QC*1*PATIENT*SYNTHETIC****MI*M{number:D9}"));
        segment(string.Create(c, $"DTM*232*{dos:yyyyMMdd}"));
        for (var l = 0; l < lines.Count; l++)
        {
            var line = lines[l];
            segment(string.Create(c, $"SVC*HC:{line.Code}*{A(sign * line.Charge)}*{A(sign * line.Paid)}**1"));
            segment(string.Create(c, $"DTM*472*{dos:yyyyMMdd}"));
            foreach (var (group, carc, amount) in line.Cas)
            {
                segment(string.Create(c, $"CAS*{group}*{carc}*{A(sign * amount)}"));
            }

            segment(string.Create(c, $"REF*6R*{l + 1}"));
            if (line.Allowed > 0)
            {
                segment(string.Create(c, $"AMT*B6*{A(sign * line.Allowed)}"));
            }

            if (line.Rarc is not null)
            {
                segment("LQ*HE*" + line.Rarc);
            }
        }

        return (status, sign * paidTotal);
    }

    private static decimal Money(Random random, int min, int max) => Math.Round((decimal)(min + (random.NextDouble() * (max - min))), 2);

    private static string A(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
