using Wren.Imap.Protocol;

namespace Wren.Imap.Server;

// RFC 9051 §6.3.13 IDLE (not yet).
public sealed partial class ImapSession
{
    private Task IdleAsync(IdleCommand command) => NotImplementedAsync(command);
}
