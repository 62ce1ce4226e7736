using Wren.Imap.Protocol;

namespace Wren.Imap.Server;

// RFC 9208 GETQUOTA GETQUOTAROOT SETQUOTA (not yet).
public sealed partial class ImapSession
{
    private Task GetQuotaAsync(GetQuotaCommand command) => NotImplementedAsync(command);

    private Task GetQuotaRootAsync(GetQuotaRootCommand command) => NotImplementedAsync(command);

    private Task SetQuotaAsync(SetQuotaCommand command) => NotImplementedAsync(command);
}
