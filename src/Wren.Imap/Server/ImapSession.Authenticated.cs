using System.Text;
using Wren.Imap.Protocol;

namespace Wren.Imap.Server;

// RFC 9051 §6.3: ENABLE and NAMESPACE. The other commands of the authenticated state have files of their own
// (ImapSession.Mailboxes.cs, .Append.cs, .Quota.cs, .Selected.cs for SELECT/EXAMINE, .Idle.cs, .Compress.cs).
public sealed partial class ImapSession
{
    private readonly HashSet<string> _enabled = [];

    /// <summary>RFC 9051 §6.3.1: IMAP4rev2 is enabled (no \Recent, UTF-8 mailbox names, ESEARCH replies …).</summary>
    private bool Rev2Enabled => _enabled.Contains(ImapCapabilities.Imap4Rev2);

    /// <summary>UTF-8 in quoted strings and mailbox names: IMAP4rev2 (RFC 9051 §5.1) or UTF8=ACCEPT (RFC 6855 §3).</summary>
    private bool Utf8Enabled => Rev2Enabled || _enabled.Contains(ImapCapabilities.Utf8Accept);

    // RFC 5161 §3.1 / RFC 9051 §6.3.1: ENABLE, authenticated state, before any mailbox is selected. Unknown
    // names are ignored; the ENABLED response names what this command newly enabled.
    private void Enable(EnableCommand command)
    {
        if (State == ImapSessionState.Selected)
        {
            _out.Tagged(command.Tag, ImapCondition.Bad, null, "ENABLE is not allowed once a mailbox is selected");
            return;
        }
        var response = new StringBuilder("ENABLED");
        foreach (string name in command.Capabilities)
        {
            if (ImapCapabilities.Enableable.TryGetValue(name, out string? capability) && _enabled.Add(capability))
                response.Append(' ').Append(capability);
        }
        // RFC 6855 §3, RFC 9051 §5.1: mailbox names in UTF-8, not modified UTF-7, from the next command on.
        _reader.Utf8MailboxNames = Utf8Enabled;
        _out.Data(response.ToString());
        _out.Tagged(command.Tag, ImapCondition.Ok, null, "ENABLE completed");
    }

    // RFC 2342 §5, RFC 9051 §6.3.10: one personal namespace, the empty prefix with "/" as the hierarchy
    // delimiter; no other users' or shared namespaces.
    private void Namespace(ImapCommand command)
    {
        var payload = new StringBuilder("NAMESPACE ((");
        ImapStrings.AppendString(payload, "", Utf8Enabled);
        payload.Append(' ');
        ImapStrings.AppendString(payload, "/", Utf8Enabled);
        payload.Append(")) NIL NIL");
        _out.Data(payload.ToString());
        _out.Tagged(command.Tag, ImapCondition.Ok, null, "NAMESPACE completed");
    }
}
