using Wren.Imap.Protocol;

namespace Wren.Imap.Server;

// RFC 9051 §6.4.4 SEARCH, RFC 5256 SORT and THREAD (not yet).
public sealed partial class ImapSession
{
    private Task SearchAsync(SearchCommand command) => NotImplementedAsync(command);

    private Task SortAsync(SortCommand command) => NotImplementedAsync(command);

    private Task ThreadAsync(ThreadCommand command) => NotImplementedAsync(command);
}
