using Wren.Imap.Protocol;

namespace Wren.Imap.Server;

// RFC 9051 §6.4.7–8 COPY and MOVE (not yet).
public sealed partial class ImapSession
{
    private Task CopyAsync(CopyCommand command) => NotImplementedAsync(command);

    private Task MoveAsync(MoveCommand command) => NotImplementedAsync(command);
}
