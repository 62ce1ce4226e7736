using Wren.Imap.Protocol;

namespace Wren.Imap.Server;

// RFC 4978 COMPRESS=DEFLATE (not yet).
public sealed partial class ImapSession
{
    private Task CompressAsync(CompressCommand command) => NotImplementedAsync(command);
}
