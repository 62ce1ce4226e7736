using Wren.Imap.Protocol;

namespace Wren.Imap.Server;

// RFC 9051 §6.4.5 FETCH (not yet).
public sealed partial class ImapSession
{
    private Task FetchAsync(FetchCommand command) => NotImplementedAsync(command);
}
