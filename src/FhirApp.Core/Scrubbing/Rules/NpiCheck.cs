namespace FhirApp.Core.Scrubbing.Rules;

/// <summary>The NPI check digit: Luhn over the 9-digit base prefixed with 80840 (the US health card issuer prefix).</summary>
public static class NpiCheck
{
    public static bool IsValid(string? npi)
    {
        if (npi is not { Length: 10 } || !npi.All(char.IsAsciiDigit))
        {
            return false;
        }
        // 80840 contributes a fixed 24 to the Luhn sum (CMS NPI check digit paper), so only the 9-digit base is walked.
        var sum = 24;
        for (var i = 0; i < 9; i++)
        {
            var digit = npi[8 - i] - '0';
            if (i % 2 == 0)
            {
                digit *= 2;
                if (digit > 9)
                {
                    digit -= 9;
                }
            }
            sum += digit;
        }
        var check = (10 - (sum % 10)) % 10;
        return check == npi[9] - '0';
    }
}
