namespace Wren.MailAuth.Arc;

/// <summary>
/// The tag=value list of ARC-Message-Signature and ARC-Seal (RFC 8617 §4.1.2, §4.1.3 reuse RFC 6376 §3.2), read
/// strictly: a malformed list, an empty tag-spec (";;") or a repeated tag makes the whole field invalid.
/// </summary>
internal sealed class ArcTagList
{
    private readonly Dictionary<string, string> _tags;

    private ArcTagList(Dictionary<string, string> tags) => _tags = tags;

    /// <summary>The value of <paramref name="name"/> (tag names are case-sensitive), or null when absent.</summary>
    public string? this[string name] => _tags.GetValueOrDefault(name);

    /// <summary>True when the list has the tag <paramref name="name"/>.</summary>
    public bool Has(string name) => _tags.ContainsKey(name);

    /// <summary>Parses <paramref name="value"/> (unfolded or not); null with <paramref name="error"/> set when it is not a valid tag-list.</summary>
    public static ArcTagList? TryParse(string value, out string? error)
    {
        error = null;
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        string[] specs = value.Split(';');
        for (int n = 0; n < specs.Length; n++)
        {
            string spec = specs[n].Trim(' ', '\t', '\r', '\n');
            if (spec.Length == 0)
            {
                // RFC 6376 §3.2: tag-list = tag-spec *( ";" tag-spec ) [ ";" ]: only the last one may be empty.
                if (n == specs.Length - 1 && n > 0)
                    break;
                error = "empty tag-spec";
                return null;
            }
            int eq = spec.IndexOf('=');
            if (eq <= 0)
            {
                error = $"'{spec}' is not tag=value";
                return null;
            }
            string name = spec[..eq].TrimEnd(' ', '\t', '\r', '\n');
            string tagValue = spec[(eq + 1)..].Trim(' ', '\t', '\r', '\n');
            // RFC 6376 §3.2: tag-name = ALPHA *ALNUMPUNC
            if (!IsTagName(name))
            {
                error = $"invalid tag name '{name}'";
                return null;
            }
            // RFC 6376 §3.2: tag-value = [ tval *( 1*(WSP / FWS) tval ) ], tval = 1*VALCHAR (%x21-3A / %x3C-7E).
            if (tagValue.Any(c => !(c is >= '!' and <= '~' or ' ' or '\t' or '\r' or '\n')))
            {
                error = $"invalid character in tag {name}";
                return null;
            }
            // RFC 6376 §3.2: tags with duplicate names make the entire tag-list invalid.
            if (!tags.TryAdd(name, tagValue))
            {
                error = $"duplicate tag {name}";
                return null;
            }
        }
        return new ArcTagList(tags);
    }

    /// <summary>Removes folding whitespace from a value (b=, bh= and h= may be folded anywhere, RFC 6376 §3.5).</summary>
    public static string Compact(string value) =>
        string.Concat(value.Where(c => c is not (' ' or '\t' or '\r' or '\n')));

    private static bool IsTagName(string name) =>
        name.Length > 0 && char.IsAsciiLetter(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
