using System.Globalization;
using System.Text;
using Duende.IdentityModel.Client;

namespace FhirApp.Web.Smart;

/// <summary>
/// A token endpoint's answer read the way RFC 6749 §5.2 and the SMART IG mean it: only a missing answer, a timeout and
/// 5xx (plus 408 and 429) are "unreachable"; any other 4xx is a refusal whatever its status (EHRs answer invalid_grant
/// with 400, 401 or 403). The EHR's own <c>error</c> and <c>error_description</c> are kept for the page's details and
/// the log, limited to the characters RFC 6749 allows in them (so neither can carry markup or break a log line).
/// </summary>
public sealed record TokenEndpointAnswer(TokenAnswerKind Kind, int Status, string? Error, string? ErrorDescription)
{
    private const int MaxDescription = 300;

    public static TokenEndpointAnswer Read(TokenResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.HttpResponse is null)
        {
            return NoAnswer; // network error or timeout: nothing was answered
        }

        var status = (int)response.HttpStatusCode;
        var json = response.Json is { ValueKind: System.Text.Json.JsonValueKind.Object };
        var error = json ? SafeCode(response.TryGet("error")) : null;
        var description = json ? SafeDescription(response.TryGet("error_description")) : null;
        if (status >= 500 || status is 408 or 429)
        {
            return new(TokenAnswerKind.Unreachable, status, error, description);
        }

        if (status >= 400)
        {
            return new(TokenAnswerKind.Refused, status, error, description);
        }

        if (status is < 200 or >= 300 || !json)
        {
            return new(TokenAnswerKind.Unreadable, status, null, null);
        }

        if (error is not null)
        {
            return new(TokenAnswerKind.Refused, status, error, description); // a 200 carrying an error: still a refusal
        }

        return string.IsNullOrEmpty(response.AccessToken)
            ? new(TokenAnswerKind.Unreadable, status, null, null)
            : new(TokenAnswerKind.Issued, status, null, null);
    }

    /// <summary>No answer at all: the request failed or timed out before the EHR said anything.</summary>
    public static TokenEndpointAnswer NoAnswer { get; } = new(TokenAnswerKind.Unreachable, 0, null, null);

    /// <summary>What happened, in plain words, for the page.</summary>
    public string Explanation => Kind switch
    {
        TokenAnswerKind.Refused => Error switch
        {
            "invalid_grant" => "The EHR no longer accepts this sign-in: it has expired, was withdrawn or was already used.",
            "invalid_client" => "The EHR did not recognise FhirApp's credentials (its registration or signing key at the EHR).",
            "unauthorized_client" => "FhirApp's registration at the EHR does not allow this kind of sign-in.",
            _ => "The EHR refused FhirApp's request to sign in.",
        },
        TokenAnswerKind.Unreachable => Status == 0 ? "The EHR's sign-in service did not answer in time, or could not be reached." : "The EHR's sign-in service is not working right now.",
        TokenAnswerKind.Unreadable => "The EHR's sign-in service sent an answer FhirApp could not read.",
        _ => "The EHR signed FhirApp in.",
    };

    /// <summary>The EHR's own words and codes, for the page's details toggle (HTML-encoded there).</summary>
    public IReadOnlyList<string> Details
    {
        get
        {
            var lines = new List<string> { Explanation };
            if (ErrorDescription is not null)
            {
                lines.Add($"The EHR said: \u201c{ErrorDescription}\u201d");
            }

            var status = Status == 0 ? "no answer" : "HTTP " + Status.ToString(CultureInfo.InvariantCulture);
            lines.Add(Error is null ? $"EHR answer: {status}." : $"EHR answer: {status}, error code {Error}.");
            return lines;
        }
    }

    /// <summary>For the log: status, code and the EHR's description (RFC 6749 characters only; never a token, never PHI from us).</summary>
    public override string ToString() =>
        $"{Kind} (HTTP {Status.ToString(CultureInfo.InvariantCulture)}{(Error is null ? "" : ", " + Error)}{(ErrorDescription is null ? "" : ": " + ErrorDescription)})";

    // RFC 6749 §5.2: error and error_description are %x20-21 / %x23-5B / %x5D-7E (no quote, no backslash, no control).
    private static bool Allowed(char c) => c is >= '\x20' and <= '\x7E' and not '"' and not '\\';

    /// <summary>An OAuth error code as sent, or "(unreadable code)" when it is not one (too long, or characters RFC 6749 does not allow).</summary>
    public static string? SafeCode(string? value) =>
        value is { Length: > 0 and <= 64 } && value.All(c => Allowed(c) && c != ' ') ? value : value is null ? null : "(unreadable code)";

    /// <summary>An error_description with every character RFC 6749 does not allow replaced by a space, at most 300 characters.</summary>
    public static string? SafeDescription(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var kept = new StringBuilder(Math.Min(value.Length, MaxDescription));
        foreach (var c in value)
        {
            if (kept.Length == MaxDescription)
            {
                kept.Append('…');
                break;
            }

            kept.Append(Allowed(c) ? c : ' ');
        }

        return kept.ToString().Trim();
    }
}
