using System.Globalization;
using Wren.Smtp.Protocol;

namespace Wren.Smtp.Client;

/// <summary>The service extensions a server announced in its EHLO reply (RFC 5321 §4.1.1.1).</summary>
public sealed class SmtpCapabilities
{
    private SmtpCapabilities(IReadOnlyDictionary<string, string> keywords)
    {
        Keywords = keywords;
        Pipelining = keywords.ContainsKey("PIPELINING");
        if (keywords.TryGetValue("SIZE", out string? size)
            && long.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out long max) && max > 0)
        {
            // RFC 1870 §4: SIZE without a number, or SIZE 0, means no fixed limit.
            Size = max;
        }
        EightBitMime = keywords.ContainsKey("8BITMIME");
        SmtpUtf8 = keywords.ContainsKey("SMTPUTF8");
        Chunking = keywords.ContainsKey("CHUNKING");
        BinaryMime = keywords.ContainsKey("BINARYMIME");
        Dsn = keywords.ContainsKey("DSN");
        EnhancedStatusCodes = keywords.ContainsKey("ENHANCEDSTATUSCODES");
        StartTls = keywords.ContainsKey("STARTTLS");
        var mechanisms = new List<string>();
        foreach (string key in new[] { "AUTH", "AUTH=" })
        {
            // RFC 4954 §3: AUTH mech…; "AUTH=mech…" is the pre-standard form some servers still send.
            if (keywords.TryGetValue(key, out string? names))
                mechanisms.AddRange(names.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(n => n.ToUpperInvariant()));
        }
        AuthMechanisms = mechanisms.Distinct().ToArray();
    }

    /// <summary>No extensions: the server answered HELO, not EHLO.</summary>
    public static SmtpCapabilities None { get; } = new(new Dictionary<string, string>());

    /// <summary>Every keyword announced (upper case) with its parameters ("" when none).</summary>
    public IReadOnlyDictionary<string, string> Keywords { get; }

    /// <summary>RFC 2920 PIPELINING.</summary>
    public bool Pipelining { get; }

    /// <summary>RFC 1870 SIZE: the largest message accepted, or null when SIZE is absent or gives no limit.</summary>
    public long? Size { get; }

    /// <summary>RFC 6152 8BITMIME.</summary>
    public bool EightBitMime { get; }

    /// <summary>RFC 6531 SMTPUTF8.</summary>
    public bool SmtpUtf8 { get; }

    /// <summary>RFC 3030 CHUNKING (BDAT).</summary>
    public bool Chunking { get; }

    /// <summary>RFC 3030 BINARYMIME.</summary>
    public bool BinaryMime { get; }

    /// <summary>RFC 3461 DSN.</summary>
    public bool Dsn { get; }

    /// <summary>RFC 2034 ENHANCEDSTATUSCODES.</summary>
    public bool EnhancedStatusCodes { get; }

    /// <summary>RFC 3207 STARTTLS.</summary>
    public bool StartTls { get; }

    /// <summary>RFC 4954 AUTH mechanisms offered (upper case), empty when AUTH is not offered.</summary>
    public IReadOnlyList<string> AuthMechanisms { get; }

    /// <summary>Reads the extensions from a 250 reply to EHLO: the first line is the greeting, each other line one keyword.</summary>
    public static SmtpCapabilities Parse(SmtpReply ehloReply)
    {
        ArgumentNullException.ThrowIfNull(ehloReply);
        var keywords = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string line in ehloReply.Lines.Skip(1))
        {
            // RFC 5321 §4.1.1.1: ehlo-line = ehlo-keyword *( SP ehlo-param ); ehlo-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-")
            string trimmed = line.Trim();
            if (trimmed.Length == 0)
                continue;
            int space = trimmed.IndexOf(' ');
            string keyword = (space < 0 ? trimmed : trimmed[..space]).ToUpperInvariant();
            string parameters = space < 0 ? string.Empty : trimmed[(space + 1)..].Trim();
            if (keyword.StartsWith("AUTH=", StringComparison.Ordinal))
            {
                parameters = (keyword[5..] + " " + parameters).Trim();
                keyword = "AUTH=";
            }
            keywords.TryAdd(keyword, parameters);
        }
        return new SmtpCapabilities(keywords);
    }
}
