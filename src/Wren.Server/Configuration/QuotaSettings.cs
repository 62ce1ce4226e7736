using System.Globalization;
using System.Text.RegularExpressions;

namespace Wren.Server.Configuration;

/// <summary>
/// <c>Quota:*</c>: the server-wide default limits of every user without limits of their own (RFC 9208 STORAGE
/// and MESSAGE; set per user with <c>wren user quota</c>). Unset means unlimited.
/// </summary>
public sealed partial class QuotaSettings
{
    /// <summary>
    /// <c>Quota:Storage</c>: the total size of a user's messages, in octets or with a binary unit (<c>500M</c>,
    /// <c>2G</c>, <c>1.5GiB</c>, <c>1024KB</c>: K, M, G, T are 1024, 1024², …).
    /// </summary>
    public string? Storage { get; set; }

    /// <summary><c>Quota:Messages</c>: the number of a user's messages.</summary>
    public long? Messages { get; set; }

    /// <summary><see cref="Storage"/> in octets; null when unset.</summary>
    /// <exception cref="FormatException">It is not a size.</exception>
    public long? StorageBytes => string.IsNullOrWhiteSpace(Storage) ? null : ParseSize(Storage);

    /// <summary>
    /// Parses a size: a number of octets, or a number (decimals allowed) followed by K, M, G or T (binary
    /// multiples), optionally followed by B or iB, case-insensitive.
    /// </summary>
    /// <exception cref="FormatException">Not a size, or negative, or too large.</exception>
    public static long ParseSize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Match match = SizePattern().Match(text);
        if (!match.Success
            || !decimal.TryParse(match.Groups[1].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal value))
            throw new FormatException($"'{text}' is not a size (such as 500M or 2G).");
        long multiplier = match.Groups[2].Value.ToUpperInvariant() switch
        {
            "K" => 1L << 10,
            "M" => 1L << 20,
            "G" => 1L << 30,
            "T" => 1L << 40,
            _ => 1,
        };
        decimal bytes = decimal.Floor(value * multiplier);
        if (bytes > long.MaxValue)
            throw new FormatException($"'{text}' is too large.");
        return (long)bytes;
    }

    [GeneratedRegex(@"^\s*(\d+(?:\.\d+)?)\s*(?:([KMGTkmgt])(?:[iI]?[bB])?|[bB])?\s*$")]
    private static partial Regex SizePattern();
}
