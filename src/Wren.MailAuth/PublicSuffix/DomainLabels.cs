using System.Globalization;

namespace Wren.MailAuth.PublicSuffix;

/// <summary>Brings names and list rules to the one form they are compared in: IDNA A-labels, lower case, no trailing dot.</summary>
internal static class DomainLabels
{
    // UseStd3AsciiRules off: list rules and DNS names may hold labels (underscores) that host names may not.
    private static readonly IdnMapping Idn = new() { AllowUnassigned = true, UseStd3AsciiRules = false };

    /// <summary>The A-label, lower-case form of <paramref name="name"/>, or null when it is empty, has an empty
    /// label or cannot be converted.</summary>
    public static string? ToAscii(string name)
    {
        string trimmed = name.Trim();
        if (trimmed.EndsWith('.'))
            trimmed = trimmed[..^1];
        if (trimmed.Length == 0)
            return null;
        string ascii;
        if (IsAscii(trimmed))
        {
            ascii = trimmed;
        }
        else
        {
            try
            {
                ascii = Idn.GetAscii(trimmed);
            }
            catch (ArgumentException)
            {
                return null;
            }
        }
        ascii = ascii.ToLowerInvariant();
        foreach (string label in ascii.Split('.'))
        {
            if (label.Length is 0 or > 63)
                return null;
        }
        return ascii.Length > 253 ? null : ascii;
    }

    private static bool IsAscii(string s)
    {
        foreach (char c in s)
        {
            if (c > 0x7f)
                return false;
        }
        return true;
    }
}
