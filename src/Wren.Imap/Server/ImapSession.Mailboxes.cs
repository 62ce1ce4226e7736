using System.Text;
using Wren.Imap.Protocol;
using Wren.Imap.Server.Mailboxes;
using Wren.Store.Messages;

namespace Wren.Imap.Server;

// RFC 9051 §6.3.4–6.3.11: CREATE DELETE RENAME SUBSCRIBE UNSUBSCRIBE LIST LSUB STATUS, with CREATE-SPECIAL-USE
// (RFC 6154), LIST-EXTENDED (RFC 5258), LIST-STATUS (RFC 5819), STATUS=SIZE (RFC 8438), OBJECTID (RFC 8474).
// The store does the mailbox operations and refuses what breaks its rules; this file maps its refusals to
// response codes and writes the listings. In the selected state the OKs also announce the selected mailbox's
// changes (RFC 9051 §7.5.1), as every command's OK may.
public sealed partial class ImapSession
{
    // RFC 9051 §6.3.4, RFC 6154 §3: CREATE, with at most one special use (the store keeps one per mailbox).
    private async Task CreateAsync(CreateCommand command)
    {
        if (command.SpecialUse.Count > 1)
        {
            _out.Tagged(command.Tag, ImapCondition.No, ImapResponseCodes.UseAttr, "A mailbox can have only one special use");
            return;
        }
        string? use = command.SpecialUse.Count == 1 ? command.SpecialUse[0] : null;
        if (await TryStoreAsync(command, () => Mailboxes.CreateMailboxAsync(UserId, command.Mailbox, use, Token)))
            CompleteOk(command, null, "CREATE completed");
    }

    // RFC 9051 §6.3.5: NO for INBOX (the store refuses it) and for a name that is no mailbox; a mailbox with
    // inferiors is deleted and its inferiors stay.
    private async Task DeleteAsync(DeleteCommand command)
    {
        if (await TryStoreAsync(command, () => Mailboxes.DeleteMailboxAsync(UserId, command.Mailbox, Token)))
            CompleteOk(command, null, "DELETE completed");
    }

    // RFC 9051 §6.3.6: inferiors move along; renaming INBOX moves its messages to the new mailbox (the store).
    private async Task RenameAsync(RenameCommand command)
    {
        if (await TryStoreAsync(command, () => Mailboxes.RenameMailboxAsync(UserId, command.From, command.To, Token)))
            CompleteOk(command, null, "RENAME completed");
    }

    // RFC 9051 §6.3.7: the name need not exist; subscribing twice is no error.
    private async Task SubscribeAsync(SubscribeCommand command)
    {
        if (await TryStoreAsync(command, () => Mailboxes.SubscribeAsync(UserId, command.Mailbox, Token)))
            CompleteOk(command, null, "SUBSCRIBE completed");
    }

    // RFC 9051 §6.3.8: "NO - unsubscribe failure: can't unsubscribe that name" for a name not subscribed.
    private async Task UnsubscribeAsync(UnsubscribeCommand command)
    {
        bool removed = false;
        if (!await TryStoreAsync(command, async () => removed = await Mailboxes.UnsubscribeAsync(UserId, command.Mailbox, Token)))
            return;
        if (removed)
            CompleteOk(command, null, "UNSUBSCRIBE completed");
        else
            _out.Tagged(command.Tag, ImapCondition.No, ImapResponseCodes.NonExistent, "That name is not subscribed");
    }

    // RFC 9051 §6.3.9 and RFC 5258: the listing; with RETURN (STATUS) a STATUS after each mailbox (RFC 5819 §2).
    private async Task ListAsync(ListCommand command)
    {
        if (!command.IsExtended && command.Patterns is [""])
        {
            // RFC 9051 §6.3.9: an empty mailbox argument asks for the delimiter and the root of the reference;
            // Wren's one namespace has the empty root.
            _out.Data("LIST (\\Noselect) \"/\" \"\"");
            CompleteOk(command, null, "LIST completed");
            return;
        }
        IReadOnlyList<MailboxListEntry> entries = await Mailboxes.ListMailboxesAsync(UserId, Token);
        bool withStatus = (command.Return & ListReturnOptions.Status) != 0;
        foreach (ListedMailbox listed in MailboxLister.List(entries, command, Rev2Enabled))
        {
            _out.Data(FormatListed("LIST", listed));
            if (withStatus && listed.MailboxId is long mailboxId
                && await Mailboxes.GetStatusAsync(UserId, mailboxId, Token) is { } status)
            {
                long? deletedStorage = command.StatusItems.Contains(StatusItem.DeletedStorage)
                    ? await DeletedStorageKibAsync(mailboxId)
                    : null;
                long recent = command.StatusItems.Contains(StatusItem.Recent) ? await RecentCountAsync(status) : 0;
                _out.Data(StatusResponse.Format(listed.Name, status, command.StatusItems, Utf8Enabled, _limits.MaxAppendSize, deletedStorage, recent));
            }
            await FlushIfLargeAsync();
        }
        CompleteOk(command, null, "LIST completed");
    }

    // RFC 3501 §6.3.9: LSUB (IMAP4rev1; RFC 9051 replaced it by LIST (SUBSCRIBED) but rev1 clients use it).
    private async Task LsubAsync(LsubCommand command)
    {
        if (command.Pattern.Length == 0)
        {
            // As LIST: an empty pattern asks for the hierarchy delimiter.
            _out.Data("LSUB (\\Noselect) \"/\" \"\"");
            CompleteOk(command, null, "LSUB completed");
            return;
        }
        IReadOnlyList<MailboxListEntry> entries = await Mailboxes.ListMailboxesAsync(UserId, Token);
        foreach (ListedMailbox listed in MailboxLister.Lsub(entries, command))
        {
            _out.Data(FormatListed("LSUB", listed));
            await FlushIfLargeAsync();
        }
        CompleteOk(command, null, "LSUB completed");
    }

    // RFC 9051 §6.3.11: STATUS of any mailbox, the selected one included (its numbers are the store's now;
    // the changes not yet announced are announced by the OK).
    private async Task StatusAsync(StatusCommand command)
    {
        MailboxStatus? status = await Mailboxes.GetStatusAsync(UserId, command.Mailbox, Token);
        if (status is null)
        {
            _out.Tagged(command.Tag, ImapCondition.No, ImapResponseCodes.NonExistent, "No such mailbox");
            return;
        }
        long? deletedStorage = command.Items.Contains(StatusItem.DeletedStorage) ? await DeletedStorageKibAsync(status.MailboxId) : null;
        long recent = command.Items.Contains(StatusItem.Recent) ? await RecentCountAsync(status) : 0;
        _out.Data(StatusResponse.Format(command.Mailbox, status, command.Items, Utf8Enabled, _limits.MaxAppendSize, deletedStorage, recent));
        CompleteOk(command, null, "STATUS completed");
    }

    /// <summary>RFC 9208 §5.2 DELETED-STORAGE: what EXPUNGE would free, in units of 1024 octets (rounded up).</summary>
    private async Task<long> DeletedStorageKibAsync(long mailboxId)
    {
        MailboxSnapshot? snapshot = await Mailboxes.GetMessagesAsync(UserId, mailboxId, null, Token);
        long bytes = snapshot?.Messages.Where(m => (m.Flags & MessageFlags.Deleted) != 0).Sum(m => m.Size) ?? 0;
        return (bytes + 1023) / 1024;
    }

    /// <summary><c>LIST (attrs) "/" name [("CHILDINFO" (…))]</c> (RFC 9051 §7.3.1, RFC 5258 §3.5).</summary>
    private string FormatListed(string response, ListedMailbox listed)
    {
        var line = new StringBuilder(response).Append(" (").AppendJoin(' ', listed.Attributes).Append(") \"/\" ");
        MailboxNames.Append(line, listed.Name, Utf8Enabled);
        if (listed.ChildInfo.Count > 0)
            line.Append(" (\"CHILDINFO\" (").AppendJoin(' ', listed.ChildInfo.Select(v => "\"" + v + "\"")).Append("))");
        return line.ToString();
    }

    /// <summary>
    /// Runs a store operation; a refusal is answered NO with its response code (RFC 5530) and false returned.
    /// </summary>
    private async Task<bool> TryStoreAsync(ImapCommand command, Func<Task> operation)
    {
        try
        {
            await operation();
            return true;
        }
        catch (MailStoreException ex)
        {
            _out.Tagged(command.Tag, ImapCondition.No, ImapResponseCodes.For(ex.Error), ex.Message);
            return false;
        }
    }
}
