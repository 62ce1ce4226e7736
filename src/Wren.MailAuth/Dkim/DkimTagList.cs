namespace Wren.MailAuth.Dkim;

/// <summary>
/// A DKIM tag=value list (RFC 6376 §3.2), the syntax of both the DKIM-Signature field and the key record.
/// Tag names are case-sensitive; values keep their inner folding white space (callers strip it where the
/// RFC says to, e.g. b= and p=).
/// </summary>
internal sealed class DkimTagList
{
    private readonly Dictionary<string, string> _tags;

    private DkimTagList(Dictionary<string, string> tags, IReadOnlyList<string> order)
    {
        _tags = tags;
        Names = order;
    }

    /// <summary>The tag names in the order they appeared.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The value of <paramref name="name"/>, white space around it removed; null when absent.</summary>
    public string? this[string name] => _tags.GetValueOrDefault(name);

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> says what is wrong.</summary>
    public static bool TryParse(string text, out DkimTagList? list, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        list = null;
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        var order = new List<string>();
        string[] specs = text.Split(';');
        for (int i = 0; i < specs.Length; i++)
        {
            string spec = specs[i];
            if (IsBlank(spec))
            {
                // RFC 6376 §3.2: tag-list = tag-spec *( ";" tag-spec ) [ ";" ]: only a trailing ";" may leave nothing.
                if (i == specs.Length - 1 && i > 0)
                    break;
                error = "empty tag in tag list";
                return false;
            }
            int equals = spec.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                error = $"tag without '=': '{Trim(spec)}'";
                return false;
            }
            string name = Trim(spec[..equals]);
            string value = Trim(spec[(equals + 1)..]);
            if (!IsTagName(name))
            {
                error = $"invalid tag name '{name}'";
                return false;
            }
            if (!IsTagValue(value))
            {
                error = $"invalid characters in the value of {name}=";
                return false;
            }
            // RFC 6376 §3.2: a tag name occurring more than once makes the entire tag-list invalid.
            if (!tags.TryAdd(name, value))
            {
                error = $"duplicate tag {name}=";
                return false;
            }
            order.Add(name);
        }
        list = new DkimTagList(tags, order);
        error = null;
        return true;
    }

    /// <summary>Removes every folding white space character (RFC 6376 §3.5: b=, bh=; §3.6.1: p=).</summary>
    public static string StripWhiteSpace(string value) =>
        string.Concat(value.Where(c => !IsWhiteSpace(c)));

    private static string Trim(string text) => text.Trim(' ', '\t', '\r', '\n');

    private static bool IsBlank(string text) => text.All(IsWhiteSpace);

    private static bool IsWhiteSpace(char c) => c is ' ' or '\t' or '\r' or '\n';

    // RFC 6376 §3.2: tag-name = ALPHA *ALNUMPUNC; ALNUMPUNC = ALPHA / DIGIT / "_".
    private static bool IsTagName(string name) =>
        name.Length > 0 && char.IsAsciiLetter(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    // RFC 6376 §3.2: VALCHAR = %x21-3A / %x3C-7E, separated by FWS.
    private static bool IsTagValue(string value) =>
        value.All(c => IsWhiteSpace(c) || (c >= 0x21 && c <= 0x7E && c != ';'));
}
