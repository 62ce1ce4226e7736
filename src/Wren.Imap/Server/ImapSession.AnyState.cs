using System.Text;
using Microsoft.Extensions.Logging;
using Wren.Imap.Protocol;

namespace Wren.Imap.Server;

// RFC 9051 §6.1: the commands valid in every state, and ID (RFC 2971 §3.1), also valid in every state.
public sealed partial class ImapSession
{
    // RFC 2971 §3.3: at most 30 field-value pairs, values at most 1024 octets; what is logged is shorter.
    private const int MaxLoggedClientId = 512;

    // RFC 9051 §6.1.1: the list depends on the state (STARTTLS and AUTH= vanish after TLS or login).
    private void Capability(ImapCommand command)
    {
        _out.Data("CAPABILITY " + CapabilityList());
        _out.Tagged(command.Tag, ImapCondition.Ok, null, "CAPABILITY completed");
    }

    // RFC 9051 §6.1.2: nothing to do until a mailbox can be selected; then NOOP reports its changes.
    // RFC 9051 §6.1.2: NOOP is how a client polls; changes to the selected mailbox are announced before the OK.
    private void Noop(ImapCommand command) => CompleteOk(command, null, "NOOP completed");

    // RFC 9051 §6.1.3: BYE, then the tagged OK, then the server closes the connection.
    private void Logout(ImapCommand command)
    {
        _out.Untagged(ImapCondition.Bye, null, "Logging out");
        _out.Tagged(command.Tag, ImapCondition.Ok, null, "LOGOUT completed");
        State = ImapSessionState.Logout;
    }

    // RFC 2971 §3.1: the client's identification is logged, never acted on; the server names itself.
    private void Id(IdCommand command)
    {
        if (command.Parameters is { Count: > 0 } parameters)
        {
            string client = string.Join(' ', parameters.Select(p => $"{p.Key}={p.Value ?? "NIL"}"));
            Info.ClientId = client.Length > MaxLoggedClientId ? client[..MaxLoggedClientId] : client;
            _context.Logger.LogInformation("IMAP session {Id}: client {ClientId}", Info.Id, Info.ClientId);
        }
        var payload = new StringBuilder("ID (");
        ImapStrings.AppendString(payload, "name", Utf8Enabled);
        payload.Append(' ');
        ImapStrings.AppendString(payload, ImapServerIdentity.Name, Utf8Enabled);
        payload.Append(' ');
        ImapStrings.AppendString(payload, "version", Utf8Enabled);
        payload.Append(' ');
        ImapStrings.AppendString(payload, ImapServerIdentity.Version, Utf8Enabled);
        payload.Append(')');
        _out.Data(payload.ToString());
        _out.Tagged(command.Tag, ImapCondition.Ok, null, "ID completed");
    }
}
