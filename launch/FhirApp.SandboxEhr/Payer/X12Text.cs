using System.Globalization;
using System.Text;

namespace FhirApp.SandboxEhr.Payer;

/// <summary>
/// Just enough X12 for the clearinghouse the sandbox plays: split a 270 into segments by the separators its ISA
/// declares, and build a 271 with counted envelopes. Our own small code, sharing nothing with the app's X12 reader.
/// </summary>
internal static class X12Text
{
    /// <summary>The segments as element arrays, or null when the text does not start with a 106-character ISA.</summary>
    public static List<string[]>? Split(string text)
    {
        text = text.TrimStart();
        if (text.Length < 106 || !text.StartsWith("ISA", StringComparison.Ordinal))
        {
            return null;
        }

        var element = text[3];
        var terminator = text[105];
        return [.. text.Split(terminator).Select(s => s.Trim('\r', '\n', ' ')).Where(s => s.Length > 0).Select(s => s.Split(element))];
    }

    public static string Element(string[] segment, int index) => index < segment.Length ? segment[index] : "";

    /// <summary>A 271 around the given body segments (between BHT and SE), with separators * : ^ ~ and correct counts.</summary>
    public static string Build271(IReadOnlyList<string> body, string reference, DateTimeOffset now, int control)
    {
        var date = now.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var time = now.UtcDateTime.ToString("HHmm", CultureInfo.InvariantCulture);
        var segments = new List<string> { "ST*271*0001*005010X279A1", $"BHT*0022*11*{reference}*{date}*{time}" };
        segments.AddRange(body);
        segments.Add($"SE*{segments.Count + 1}*0001");
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"ISA*00*          *00*          *ZZ*{"SANDBOXCH",-15}*ZZ*{"SUBMITTER",-15}*{now.UtcDateTime:yyMMdd}*{time}*^*00501*{control:D9}*0*T*:~\n");
        text.Append(CultureInfo.InvariantCulture, $"GS*HB*SANDBOXCH*SUBMITTER*{date}*{time}*{control}*X*005010X279A1~\n");
        foreach (var segment in segments)
        {
            text.Append(segment).Append("~\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"GE*1*{control}~\nIEA*1*{control:D9}~\n");
        return text.ToString();
    }

    /// <summary>Free text made safe for an element: the separators become spaces.</summary>
    public static string Safe(string value) => new([.. value.ToUpperInvariant().Select(c => c is '*' or ':' or '^' or '~' ? ' ' : c)]);
}
