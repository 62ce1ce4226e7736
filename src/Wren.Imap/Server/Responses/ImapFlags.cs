using System.Text;
using Wren.Store.Messages;

namespace Wren.Imap.Server;

/// <summary>
/// Flag lists as IMAP writes and reads them (RFC 9051 §2.3.2): the five system flags the store keeps as
/// <see cref="MessageFlags"/>, and keywords. \Recent (RFC 3501 only) is never stored or set.
/// </summary>
internal static class ImapFlags
{
    /// <summary>The system flags, in the order FLAGS lists them.</summary>
    public static readonly IReadOnlyList<(MessageFlags Flag, string Name)> System =
    [
        (MessageFlags.Answered, "\\Answered"),
        (MessageFlags.Flagged, "\\Flagged"),
        (MessageFlags.Deleted, "\\Deleted"),
        (MessageFlags.Seen, "\\Seen"),
        (MessageFlags.Draft, "\\Draft"),
    ];

    /// <summary>Appends <c>(\Seen kw …)</c>.</summary>
    public static StringBuilder AppendList(StringBuilder builder, MessageFlags flags, IEnumerable<string> keywords)
    {
        builder.Append('(');
        int start = builder.Length;
        foreach ((MessageFlags flag, string name) in System)
        {
            if ((flags & flag) != 0)
                builder.Append(builder.Length > start ? " " : "").Append(name);
        }
        foreach (string keyword in keywords)
            builder.Append(builder.Length > start ? " " : "").Append(keyword);
        return builder.Append(')');
    }

    /// <summary><c>(\Seen kw …)</c>.</summary>
    public static string Format(MessageFlags flags, IEnumerable<string> keywords) =>
        AppendList(new StringBuilder(64), flags, keywords).ToString();

    /// <summary>
    /// Splits a flag list as the client sent it into system flags and keywords. \Recent is dropped (a client
    /// cannot set it, RFC 3501 §2.3.2). Returns false with the offending flag for an unknown system flag
    /// (a backslash name other than the five), which RFC 9051 §6.4.6 makes an error.
    /// </summary>
    public static bool TryParse(IEnumerable<string> names, out MessageFlags flags, out List<string> keywords, out string? invalid)
    {
        flags = MessageFlags.None;
        keywords = [];
        invalid = null;
        foreach (string name in names)
        {
            if (!name.StartsWith('\\'))
            {
                if (!keywords.Contains(name, StringComparer.OrdinalIgnoreCase))
                    keywords.Add(name);
                continue;
            }
            if (name.Equals("\\Recent", StringComparison.OrdinalIgnoreCase))
                continue;
            MessageFlags? match = null;
            foreach ((MessageFlags flag, string systemName) in System)
            {
                if (systemName.Equals(name, StringComparison.OrdinalIgnoreCase))
                    match = flag;
            }
            if (match is null)
            {
                invalid = name;
                return false;
            }
            flags |= match.Value;
        }
        return true;
    }
}
