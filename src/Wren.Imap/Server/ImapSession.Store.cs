using Wren.Imap.Protocol;

namespace Wren.Imap.Server;

// RFC 9051 §6.4.6 STORE (not yet).
public sealed partial class ImapSession
{
    private Task StoreAsync(StoreCommand command) => NotImplementedAsync(command);
}
