using System.Text;
using Wren.Imap.Protocol;
using Wren.Imap.Server.Mailboxes;
using Wren.Store.Messages;

namespace Wren.Imap.Server;

// RFC 9208 QUOTA: each user has one quota root, named "", over all of the user's mailboxes, with the
// resources STORAGE (reported in units of 1024 octets) and MESSAGE. Limits come from the server's
// configuration (Quota:Storage, Quota:Messages) or from the administrator (wren user quota); a user cannot
// change them, so SETQUOTA is refused with NO [NOPERM] (RFC 9208 §4.4 lets the server refuse).
public sealed partial class ImapSession
{
    /// <summary>The name of the user's one quota root.</summary>
    private const string QuotaRoot = "";

    /// <summary>RFC 5530 §3: the user is not allowed to do this.</summary>
    private const string NoPerm = "NOPERM";

    // RFC 9208 §4.2: GETQUOTA root → QUOTA response; only the user's own root "" exists.
    private async Task GetQuotaAsync(GetQuotaCommand command)
    {
        if (command.Root != QuotaRoot)
        {
            _out.Tagged(command.Tag, ImapCondition.No, ImapResponseCodes.NonExistent, "No such quota root");
            return;
        }
        if (await Mailboxes.GetQuotaAsync(UserId, Token) is not { } usage)
        {
            _out.Tagged(command.Tag, ImapCondition.No, ImapResponseCodes.NonExistent, "No such quota root");
            return;
        }
        _out.Data(FormatQuota(usage));
        CompleteOk(command, null, "GETQUOTA completed");
    }

    // RFC 9208 §4.3: GETQUOTAROOT mailbox → QUOTAROOT mailbox "" and QUOTA "" (…); the mailbox must exist.
    private async Task GetQuotaRootAsync(GetQuotaRootCommand command)
    {
        if (await Mailboxes.GetStatusAsync(UserId, command.Mailbox, Token) is null)
        {
            _out.Tagged(command.Tag, ImapCondition.No, ImapResponseCodes.NonExistent, "No such mailbox");
            return;
        }
        QuotaUsage? usage = await Mailboxes.GetQuotaAsync(UserId, Token);
        var root = new StringBuilder("QUOTAROOT ");
        MailboxNames.Append(root, command.Mailbox, Utf8Enabled).Append(' ');
        ImapStrings.AppendString(root, QuotaRoot, Utf8Enabled);
        _out.Data(root.ToString());
        if (usage is not null)
            _out.Data(FormatQuota(usage));
        CompleteOk(command, null, "GETQUOTAROOT completed");
    }

    // RFC 9208 §4.4: the server may refuse SETQUOTA; users do not set their own limits.
    private Task SetQuotaAsync(SetQuotaCommand command)
    {
        _out.Tagged(command.Tag, ImapCondition.No, NoPerm, "Quota limits are set by the server administrator");
        return Task.CompletedTask;
    }

    /// <summary>
    /// <c>QUOTA "" (STORAGE used limit MESSAGE used limit)</c> (RFC 9208 §5.1), listing only the resources
    /// that have a limit. STORAGE is in units of 1024 octets: usage rounded up (a non-empty mailbox never
    /// shows 0), the limit rounded down (never promising more than the store allows).
    /// </summary>
    private string FormatQuota(QuotaUsage usage)
    {
        var line = new StringBuilder("QUOTA ");
        ImapStrings.AppendString(line, QuotaRoot, Utf8Enabled);
        line.Append(" (");
        if (usage.Limits.StorageBytes is long storage)
            line.Append("STORAGE ").Append((usage.StorageBytes + 1023) / 1024).Append(' ').Append(storage / 1024);
        if (usage.Limits.Messages is long messages)
        {
            if (usage.Limits.StorageBytes is not null)
                line.Append(' ');
            line.Append("MESSAGE ").Append(usage.Messages).Append(' ').Append(messages);
        }
        return line.Append(')').ToString();
    }
}
