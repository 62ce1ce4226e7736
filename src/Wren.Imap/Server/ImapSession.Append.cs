using Wren.Imap.Protocol;

namespace Wren.Imap.Server;

// RFC 9051 §6.3.12 APPEND (not yet).
public sealed partial class ImapSession
{
    private Task AppendAsync(AppendCommand command) => NotImplementedAsync(command);
}
