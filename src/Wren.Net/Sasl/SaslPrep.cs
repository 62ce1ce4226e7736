using System.Text;

namespace Wren.Net.Sasl;

/// <summary>
/// The mapping and normalisation steps of SASLprep (RFC 4013 §2.1 and §2.2), applied to passwords before
/// key derivation so that the same password typed in different Unicode forms yields the same keys.
/// </summary>
/// <remarks>
/// The prohibition and bidi checks of RFC 4013 §2.3 and §2.4 are deliberately not applied: the server only
/// ever normalises, and rejecting a password that a user could set would lock them out. For ASCII passwords
/// the result is the input unchanged.
/// </remarks>
internal static class SaslPrep
{
    /// <summary>Maps and normalises <paramref name="value"/>; throws <see cref="ArgumentException"/> on invalid UTF-16.</summary>
    public static string Normalize(string value)
    {
        if (IsPlainAscii(value))
        {
            return value;
        }

        var mapped = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (IsNonAsciiSpace(c))
            {
                // RFC 4013 §2.1: non-ASCII space characters [StringPrep, C.1.2] map to SPACE (U+0020).
                mapped.Append(' ');
            }
            else if (!IsMappedToNothing(c))
            {
                mapped.Append(c);
            }
            // RFC 4013 §2.1: "commonly mapped to nothing" characters [StringPrep, B.1] are dropped.
        }

        // RFC 4013 §2.2: Unicode normalization form KC.
        return mapped.ToString().Normalize(NormalizationForm.FormKC);
    }

    private static bool IsPlainAscii(string value)
    {
        foreach (var c in value)
        {
            if (c is < (char)0x20 or > (char)0x7E)
            {
                return false;
            }
        }

        return true;
    }

    // StringPrep (RFC 3454) table C.1.2.
    private static bool IsNonAsciiSpace(char c) =>
        c is '\u00A0' or '\u1680' or (>= '\u2000' and <= '\u200B') or '\u202F' or '\u205F' or '\u3000';

    // StringPrep (RFC 3454) table B.1.
    private static bool IsMappedToNothing(char c) =>
        c is '\u00AD' or '\u034F' or '\u1806' or (>= '\u180B' and <= '\u180D') or (>= '\u200B' and <= '\u200D')
            or '\u2060' or (>= '\uFE00' and <= '\uFE0F') or '\uFEFF';
}
