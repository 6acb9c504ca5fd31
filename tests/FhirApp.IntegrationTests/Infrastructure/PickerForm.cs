using System.Net;
using System.Text.RegularExpressions;

namespace FhirApp.IntegrationTests.Infrastructure;

/// <summary>Reads the sandbox's standalone patient picker the way a browser would submit it for one patient.</summary>
public sealed partial record PickerForm(string Action, List<KeyValuePair<string, string>> Fields)
{
    public static PickerForm Parse(string html, string patientId)
    {
        var form = FormRegex().Match(html);
        form.Success.ShouldBeTrue("no <form> in the picker page");
        var fields = HiddenRegex().Matches(form.Value)
            .Select(m => new KeyValuePair<string, string>(WebUtility.HtmlDecode(Attr(m.Value, "name")), WebUtility.HtmlDecode(Attr(m.Value, "value"))))
            .Where(f => f.Key != "patient")
            .ToList();
        form.Value.ShouldContain($"value=\"{patientId}\"");
        fields.Add(new("patient", patientId));
        return new PickerForm(WebUtility.HtmlDecode(Attr(form.Value, "action")), fields);
    }

    private static string Attr(string tag, string name)
    {
        var m = Regex.Match(tag, $"{name}=\"([^\"]*)\"");
        return m.Success ? m.Groups[1].Value : "";
    }

    [GeneratedRegex("<form[^>]*>.*?</form>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex FormRegex();

    [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenRegex();
}
