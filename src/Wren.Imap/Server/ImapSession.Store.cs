using System.Text;
using Wren.Imap.Protocol;
using Wren.Imap.Server.Selected;
using Wren.Store.Messages;

namespace Wren.Imap.Server;

// RFC 9051 §6.4.6 STORE and §6.4.9 UID STORE, with RFC 7162 §3.1.3 UNCHANGEDSINCE (conditional STORE).
public sealed partial class ImapSession
{
    private async Task StoreAsync(StoreCommand command)
    {
        SelectedMailbox selected = _selected!;
        if (ResolveSetOrRefuse(command, command.Set, command.Uid) is not { } set)
            return;
        if (!ImapFlags.TryParse(command.Flags, out MessageFlags flags, out List<string> keywords, out string? invalid))
        {
            // RFC 9051 §2.3.2: system flags are the ones the RFC defines; another backslash name is an error.
            _out.Tagged(command.Tag, ImapCondition.Bad, null, $"Unknown system flag {invalid}");
            return;
        }
        if (selected.ReadOnly)
        {
            _out.Tagged(command.Tag, ImapCondition.No, ImapResponseCodes.Cannot, "The mailbox is read-only");
            return;
        }
        // RFC 7162 §3.1: UNCHANGEDSINCE is a CONDSTORE enabling command.
        if (command.UnchangedSince is not null)
            EnableCondStore();
        if (set.IsEmpty)
        {
            CompleteOk(command, null, $"{command.Name} completed");
            return;
        }

        var operation = command.Mode switch
        {
            StoreMode.Add => FlagOperation.Add,
            StoreMode.Remove => FlagOperation.Remove,
            _ => FlagOperation.Set,
        };
        long? unchangedSince = command.UnchangedSince is { } u ? (long)Math.Min(u, long.MaxValue) : null;
        StoreFlagsResult result;
        try
        {
            result = await Mailboxes.StoreFlagsAsync(UserId, selected.MailboxId, set, new FlagChange(operation, flags, keywords), unchangedSince, Token);
        }
        catch (MailStoreException ex) when (ex.Error == MailStoreError.InvalidKeyword)
        {
            _out.Tagged(command.Tag, ImapCondition.Bad, null, ex.Message);
            return;
        }
        catch (MailStoreException ex)
        {
            _out.Tagged(command.Tag, ImapCondition.No, ImapResponseCodes.For(ex.Error), ex.Message);
            return;
        }

        // RFC 9051 §7.3.5: a keyword the client has not seen in FLAGS is announced there first.
        bool newKeywords = false;
        foreach (MessageFlagState state in result.Changed)
        {
            foreach (string keyword in state.Keywords)
                newKeywords |= selected.AddKeyword(keyword);
        }
        if (newKeywords)
            WriteFlagsResponses(selected);

        var changed = new HashSet<long>();
        foreach (MessageFlagState state in result.Changed)
        {
            selected.NoteOwnFlagChange(state.Uid, state.ModSeq);
            changed.Add(state.Uid);
        }
        // Messages expunged by another session but not yet announced stay in the map and are answered too
        // (the store no longer has them, so they are simply absent from the result).
        IEnumerable<MessageFlagState> all = result.Changed.Concat(result.Unchanged).Where(s => selected.Map.Contains(s.Uid)).OrderBy(s => s.Uid);
        foreach (MessageFlagState state in all)
        {
            if (!command.Silent)
            {
                // RFC 9051 §6.4.6: the new flags of every message of the set (with UID under QRESYNC, RFC 7162
                // §3.2.4, and MODSEQ under CONDSTORE, §3.1.3).
                var line = new StringBuilder(96);
                line.Append(selected.Map.SeqOf(state.Uid)).Append(" FETCH (");
                if (command.Uid || QResyncEnabled)
                    line.Append("UID ").Append(state.Uid).Append(' ');
                line.Append("FLAGS ");
                AppendFlagList(line, state.Uid, state.Flags, state.Keywords);
                if (CondStoreEnabled)
                    line.Append(" MODSEQ (").Append(state.ModSeq).Append(')');
                _out.Data(line.Append(')').ToString());
            }
            else if (CondStoreEnabled && changed.Contains(state.Uid))
            {
                // RFC 7162 §3.1.3: even with .SILENT, a message whose MODSEQ changed is reported with its new
                // MODSEQ, which the client's cache needs.
                var line = new StringBuilder(64);
                line.Append(selected.Map.SeqOf(state.Uid)).Append(" FETCH (");
                if (command.Uid || QResyncEnabled)
                    line.Append("UID ").Append(state.Uid).Append(' ');
                line.Append("MODSEQ (").Append(state.ModSeq).Append("))");
                _out.Data(line.ToString());
            }
            await FlushIfLargeAsync();
        }

        string? code = null;
        if (result.Modified.Count > 0)
        {
            // RFC 7162 §3.1.3: MODIFIED lists the messages that failed the UNCHANGEDSINCE test, as sequence
            // numbers for STORE and as UIDs for UID STORE.
            IEnumerable<long> modified = command.Uid
                ? result.Modified
                : result.Modified.Where(selected.Map.Contains).Select(uid => (long)selected.Map.SeqOf(uid));
            code = "MODIFIED " + UidSet.Of(modified);
        }
        CompleteOk(command, code, code is null ? $"{command.Name} completed" : "Conditional STORE failed");
    }
}
