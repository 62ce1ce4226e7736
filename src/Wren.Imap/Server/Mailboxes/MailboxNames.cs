using System.Text;
using Wren.Imap.Protocol;

namespace Wren.Imap.Server.Mailboxes;

/// <summary>
/// Mailbox names in responses (LIST, LSUB, STATUS, QUOTAROOT): UTF-8 to a client that enabled IMAP4rev2 or
/// UTF8=ACCEPT (RFC 9051 §5.1, RFC 6855 §3), modified UTF-7 to any other (RFC 3501 §5.1.3), the way the
/// command reader decodes them, so a name a client reads back from a listing names the same mailbox.
/// </summary>
internal static class MailboxNames
{
    /// <summary>Appends <paramref name="name"/> as a string (quoted, or a literal when it must be).</summary>
    public static StringBuilder Append(StringBuilder builder, string name, bool utf8)
    {
        ImapStrings.AppendString(builder, utf8 ? name : ModifiedUtf7.Encode(name), utf8);
        return builder;
    }

    /// <summary>The name as it would be sent.</summary>
    public static string Format(string name, bool utf8) => Append(new StringBuilder(name.Length + 2), name, utf8).ToString();
}
