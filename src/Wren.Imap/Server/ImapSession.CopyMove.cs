using Wren.Imap.Protocol;
using Wren.Imap.Server.Selected;
using Wren.Store.Messages;

namespace Wren.Imap.Server;

// RFC 9051 §6.4.7 COPY and §6.4.8 MOVE (RFC 6851), their UID forms, with RFC 4315 COPYUID.
public sealed partial class ImapSession
{
    private async Task CopyAsync(CopyCommand command)
    {
        SelectedMailbox selected = _selected!;
        if (ResolveSetOrRefuse(command, command.Set, command.Uid) is not { } set)
            return;
        CopyResult? result = await CopyOrMoveAsync(command, set, move: false, (uids, target) =>
            Mailboxes.CopyAsync(UserId, selected.MailboxId, uids, target, Token), command.Mailbox);
        if (result is null)
            return;
        // RFC 4315 §3: COPYUID in the tagged OK (none when nothing was copied).
        CompleteOk(command, CopyUidCode(result), $"{command.Name} completed");
    }

    private async Task MoveAsync(MoveCommand command)
    {
        SelectedMailbox selected = _selected!;
        if (ResolveSetOrRefuse(command, command.Set, command.Uid) is not { } set)
            return;
        if (selected.ReadOnly)
        {
            // RFC 6851 §3.3: MOVE expunges from the source, which a read-only mailbox does not allow.
            _out.Tagged(command.Tag, ImapCondition.No, ImapResponseCodes.Cannot, "The mailbox is read-only");
            return;
        }
        CopyResult? result = await CopyOrMoveAsync(command, set, move: true, (uids, target) =>
            Mailboxes.MoveAsync(UserId, selected.MailboxId, uids, target, Token), command.Mailbox);
        if (result is null)
            return;
        // RFC 6851 §4.3: COPYUID goes in an untagged OK before the EXPUNGEs (or VANISHED), which CompleteOk
        // announces from the store's change feed; then the tagged OK.
        if (CopyUidCode(result) is { } code)
            _out.Untagged(ImapCondition.Ok, code, "Moved");
        CompleteOk(command, null, $"{command.Name} completed");
    }

    /// <summary>
    /// Runs the store operation; on a refusal answers NO with the RFC's code and returns null: [TRYCREATE] for
    /// a target that does not exist (RFC 9051 §6.4.7), [OVERQUOTA] (RFC 9208 §4.3).
    /// </summary>
    private async Task<CopyResult?> CopyOrMoveAsync(ImapCommand command, UidSet set, bool move, Func<UidSet, string, Task<CopyResult>> operation,
        string target)
    {
        if (set.IsEmpty)
            return new CopyResult(0, 0, [], []);
        try
        {
            return await operation(set, target);
        }
        catch (QuotaExceededException)
        {
            _out.Tagged(command.Tag, ImapCondition.No, ImapResponseCodes.OverQuota, move ? "Over quota" : "Over quota: nothing was copied");
            return null;
        }
        catch (MailStoreException ex) when (ex.Error == MailStoreError.NonExistent)
        {
            // The source mailbox itself may have been deleted, but then every later command fails anyway;
            // the likely case is a target that does not exist, which the client may CREATE and retry.
            _out.Tagged(command.Tag, ImapCondition.No, ImapResponseCodes.TryCreate, "No such mailbox");
            return null;
        }
        catch (MailStoreException ex)
        {
            _out.Tagged(command.Tag, ImapCondition.No, ImapResponseCodes.For(ex.Error), ex.Message);
            return null;
        }
    }

    /// <summary>RFC 4315 §3 <c>COPYUID uidvalidity source-uids target-uids</c>, or null when nothing was copied.</summary>
    private static string? CopyUidCode(CopyResult result) =>
        result.SourceUids.Count == 0 ? null : $"COPYUID {result.UidValidity} {UidSet.Of(result.SourceUids)} {UidSet.Of(result.TargetUids)}";
}
