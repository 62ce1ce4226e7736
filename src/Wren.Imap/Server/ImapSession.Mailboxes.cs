using Wren.Imap.Protocol;

namespace Wren.Imap.Server;

// RFC 9051 §6.3.4–6.3.11: CREATE DELETE RENAME SUBSCRIBE UNSUBSCRIBE LIST LSUB STATUS (not yet).
public sealed partial class ImapSession
{
    private Task CreateAsync(CreateCommand command) => NotImplementedAsync(command);

    private Task DeleteAsync(DeleteCommand command) => NotImplementedAsync(command);

    private Task RenameAsync(RenameCommand command) => NotImplementedAsync(command);

    private Task SubscribeAsync(SubscribeCommand command) => NotImplementedAsync(command);

    private Task UnsubscribeAsync(UnsubscribeCommand command) => NotImplementedAsync(command);

    private Task ListAsync(ListCommand command) => NotImplementedAsync(command);

    private Task LsubAsync(LsubCommand command) => NotImplementedAsync(command);

    private Task StatusAsync(StatusCommand command) => NotImplementedAsync(command);
}
