namespace FhirApp.Core.Appeals;

/// <summary>A code, or a range of codes of one length that share their letters ("99202-99215", "J0000-J9999", "00100-01999").</summary>
internal static class CodePattern
{
    public static bool Matches(string pattern, string code)
    {
        var dash = pattern.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            return string.Equals(pattern, code, StringComparison.OrdinalIgnoreCase);
        }

        var (low, high) = (pattern[..dash].ToUpperInvariant(), pattern[(dash + 1)..].ToUpperInvariant());
        var upper = code.ToUpperInvariant();
        if (upper.Length != low.Length || low.Length != high.Length)
        {
            return false;
        }

        // Letters must be equal position by position (the "J" of J3301); digits compare as a number.
        for (var i = 0; i < upper.Length; i++)
        {
            if (char.IsAsciiDigit(low[i]) != char.IsAsciiDigit(upper[i]) || (!char.IsAsciiDigit(low[i]) && low[i] != upper[i]))
            {
                return false;
            }
        }

        return string.CompareOrdinal(upper, low) >= 0 && string.CompareOrdinal(upper, high) <= 0;
    }
}
