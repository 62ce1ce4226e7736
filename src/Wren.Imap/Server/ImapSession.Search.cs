using System.Text;
using Wren.Imap.Protocol;
using Wren.Imap.Server.Search;
using Wren.Imap.Server.Selected;
using Wren.Mail.Summaries;
using Wren.Store.Messages;

namespace Wren.Imap.Server;

// RFC 9051 §6.4.4 SEARCH (with ESEARCH, RFC 4731; SEARCHRES, RFC 5182; MODSEQ, RFC 7162 §3.1.5) and RFC 5256
// SORT and THREAD. All three evaluate the same key tree over one listing of the mailbox, reading a message's
// summary, header or content only when a key needs it (Search/SearchEvaluator.cs).
public sealed partial class ImapSession
{
    /// <summary>One message a search matched.</summary>
    private readonly record struct SearchHit(long Uid, int Seq, long ModSeq);

    private async Task SearchAsync(SearchCommand command)
    {
        SelectedMailbox selected = _selected!;
        SearchReturnOptions? options = command.Return;
        bool save = (options & SearchReturnOptions.Save) != 0;
        List<SearchHit>? hits;
        try
        {
            hits = await RunSearchAsync(command, command.Criteria, null);
        }
        catch when (save)
        {
            selected.SavedSearch = UidSet.Empty;
            throw;
        }
        if (hits is null)
        {
            // RFC 5182 §2.1: a failed SEARCH RETURN (SAVE) leaves "$" empty.
            if (save)
                selected.SavedSearch = UidSet.Empty;
            return;
        }
        bool modSeq = UsesModSeq(command.Criteria);

        if (options is null && !Rev2Enabled)
        {
            // RFC 3501 §7.2.5: * SEARCH n…; RFC 7162 §3.1.5 appends the highest MODSEQ of the matches.
            var line = new StringBuilder("SEARCH");
            foreach (SearchHit hit in hits)
                line.Append(' ').Append(command.Uid ? hit.Uid : hit.Seq);
            if (modSeq && hits.Count > 0)
                line.Append(" (MODSEQ ").Append(hits.Max(h => h.ModSeq)).Append(')');
            _out.Data(line.ToString());
        }
        else
        {
            // RFC 9051 §6.4.4 / RFC 4731: ESEARCH; without RETURN (IMAP4rev2) it is RETURN (ALL).
            SearchReturnOptions wanted = options ?? SearchReturnOptions.All;
            if (save)
                selected.SavedSearch = SavedResult(hits, wanted);
            if ((wanted & ~SearchReturnOptions.Save) != SearchReturnOptions.None)
                _out.Data(EsearchLine(command, hits, wanted, modSeq));
        }
        await FlushIfLargeAsync();
        CompleteOk(command, null, $"{command.Name} completed");
    }

    // RFC 5182 §2.4: with MIN and/or MAX alone, only those messages are saved; otherwise the whole result.
    private static UidSet SavedResult(List<SearchHit> hits, SearchReturnOptions options)
    {
        if (hits.Count == 0)
            return UidSet.Empty;
        if ((options & (SearchReturnOptions.All | SearchReturnOptions.Count)) != 0
            || (options & (SearchReturnOptions.Min | SearchReturnOptions.Max)) == 0)
            return UidSet.Of(hits.Select(h => h.Uid));
        var saved = new List<long>(2);
        if ((options & SearchReturnOptions.Min) != 0)
            saved.Add(hits[0].Uid);
        if ((options & SearchReturnOptions.Max) != 0)
            saved.Add(hits[^1].Uid);
        return UidSet.Of(saved);
    }

    // RFC 4731 §3.1: * ESEARCH (TAG "t") [UID] MIN n MAX n COUNT n ALL set; MIN, MAX and ALL are left out when
    // nothing matched. RFC 7162 §3.1.5: MODSEQ is the highest of the messages returned (only MIN/MAX's when
    // those are all that was asked).
    private string EsearchLine(SearchCommand command, List<SearchHit> hits, SearchReturnOptions options, bool modSeq)
    {
        var line = new StringBuilder("ESEARCH (TAG \"").Append(command.Tag).Append("\")");
        if (command.Uid)
            line.Append(" UID");
        if (hits.Count > 0)
        {
            if ((options & SearchReturnOptions.Min) != 0)
                line.Append(" MIN ").Append(Number(hits[0]));
            if ((options & SearchReturnOptions.Max) != 0)
                line.Append(" MAX ").Append(Number(hits[^1]));
        }
        if ((options & SearchReturnOptions.Count) != 0)
            line.Append(" COUNT ").Append(hits.Count);
        if (hits.Count > 0 && (options & SearchReturnOptions.All) != 0)
            line.Append(" ALL ").Append(UidSet.Of(hits.Select(Number)));
        if (modSeq && hits.Count > 0)
        {
            long highest = (options & (SearchReturnOptions.All | SearchReturnOptions.Count)) != 0
                ? hits.Max(h => h.ModSeq)
                : Math.Max((options & SearchReturnOptions.Min) != 0 ? hits[0].ModSeq : 0, (options & SearchReturnOptions.Max) != 0 ? hits[^1].ModSeq : 0);
            if (highest > 0)
                line.Append(" MODSEQ ").Append(highest);
        }
        return line.ToString();

        long Number(SearchHit hit) => command.Uid ? hit.Uid : hit.Seq;
    }

    // RFC 5256 §3: * SORT n… in the order of the criteria, ties in mailbox order; with RETURN, ESORT (RFC 5267 §3).
    private async Task SortAsync(SortCommand command)
    {
        SearchReturnOptions? options = command.Return;
        bool save = (options & SearchReturnOptions.Save) != 0;
        bool envelope = MessageSortKeys.NeedEnvelope(command.SortBy);
        var keys = new List<MessageSortKeys>();
        List<SearchHit>? hits = await RunSearchAsync(command, command.Criteria, async message =>
        {
            Envelope? env = envelope ? (await message.GetSummaryAsync())?.Envelope ?? Envelope.Empty : null;
            keys.Add(MessageSortKeys.Of(message, env));
        });
        if (hits is null)
        {
            if (save)
                _selected!.SavedSearch = UidSet.Empty;
            return;
        }
        keys.Sort(MessageSortKeys.Comparer(command.SortBy));
        if (options is { } wanted)
        {
            // RFC 5267 §3.2: the ESEARCH answer with MIN/MAX the first/last in sort order and ALL in sort order;
            // SAVE keeps the matching messages (RFC 5182), whose order "$" does not keep.
            if (save)
                _selected!.SavedSearch = UidSet.Of(keys.Select(k => k.Uid));
            if ((wanted & ~SearchReturnOptions.Save) != SearchReturnOptions.None)
                _out.Data(EsortLine(command, keys, hits, wanted));
        }
        else
        {
            var line = new StringBuilder("SORT");
            foreach (MessageSortKeys key in keys)
                line.Append(' ').Append(command.Uid ? key.Uid : key.Seq);
            if (UsesModSeq(command.Criteria) && hits.Count > 0)
                line.Append(" (MODSEQ ").Append(hits.Max(h => h.ModSeq)).Append(')');
            _out.Data(line.ToString());
        }
        await FlushIfLargeAsync();
        CompleteOk(command, null, $"{command.Name} completed");
    }

    private string EsortLine(SortCommand command, List<MessageSortKeys> sorted, List<SearchHit> hits, SearchReturnOptions options)
    {
        var line = new StringBuilder("ESEARCH (TAG \"").Append(command.Tag).Append("\")");
        if (command.Uid)
            line.Append(" UID");
        if (sorted.Count > 0)
        {
            if ((options & SearchReturnOptions.Min) != 0)
                line.Append(" MIN ").Append(Number(sorted[0]));
            if ((options & SearchReturnOptions.Max) != 0)
                line.Append(" MAX ").Append(Number(sorted[^1]));
        }
        if ((options & SearchReturnOptions.Count) != 0)
            line.Append(" COUNT ").Append(sorted.Count);
        if (sorted.Count > 0 && (options & SearchReturnOptions.All) != 0)
        {
            // A sequence-set in sort order: ascending runs of consecutive numbers become ranges ("3:4,2").
            line.Append(" ALL ");
            int i = 0;
            while (i < sorted.Count)
            {
                int j = i;
                while (j + 1 < sorted.Count && Number(sorted[j + 1]) == Number(sorted[j]) + 1)
                    j++;
                if (i > 0)
                    line.Append(',');
                line.Append(Number(sorted[i]));
                if (j > i)
                    line.Append(':').Append(Number(sorted[j]));
                i = j + 1;
            }
        }
        if (UsesModSeq(command.Criteria) && hits.Count > 0)
            line.Append(" MODSEQ ").Append(hits.Max(h => h.ModSeq));
        return line.ToString();

        long Number(MessageSortKeys key) => command.Uid ? key.Uid : key.Seq;
    }

    // RFC 5256 §2.2 and §4: * THREAD (…)(…).
    private async Task ThreadAsync(ThreadCommand command)
    {
        var messages = new List<ThreadMessage>();
        List<SearchHit>? hits = await RunSearchAsync(command, command.Criteria, async message =>
        {
            var headers = await message.GetHeadersAsync();
            messages.Add(ThreadMessage.Of(command.Uid ? message.Entry.Uid : message.Seq, message.Seq, message.Entry.InternalDate, headers));
        });
        if (hits is null)
            return;
        List<ThreadNode> threads = command.Algorithm == ThreadAlgorithm.References
            ? MessageThreader.References(messages)
            : MessageThreader.OrderedSubject(messages);
        // thread-data = "THREAD" [SP 1*thread-list] (RFC 5256 §5)
        _out.Data(threads.Count == 0 ? "THREAD" : "THREAD " + MessageThreader.Format(threads));
        await FlushIfLargeAsync();
        CompleteOk(command, null, $"{command.Name} completed");
    }

    private static bool UsesModSeq(SearchKey criteria) => SearchEvaluator.Walk(criteria).Any(k => k is ModSeqSearchKey);

    /// <summary>
    /// The messages the session knows that match <paramref name="criteria"/>, ascending, each handed to
    /// <paramref name="onMatch"/> while its content is still open. Null (the tagged answer written) when the
    /// mailbox has gone.
    /// </summary>
    private async Task<List<SearchHit>?> RunSearchAsync(ImapCommand command, SearchKey criteria, Func<SearchMessage, Task>? onMatch)
    {
        SelectedMailbox selected = _selected!;
        SequenceMap map = selected.Map;
        if (UsesModSeq(criteria))
            EnableCondStore(); // RFC 7162 §3.1: the MODSEQ search key is a CONDSTORE-enabling command.

        criteria = SearchEvaluator.CheapestFirst(criteria);
        var sets = new Dictionary<SequenceSetSearchKey, UidSet>(ReferenceEqualityComparer.Instance);
        foreach (SequenceSetSearchKey key in SearchEvaluator.Walk(criteria).OfType<SequenceSetSearchKey>())
            sets[key] = ResolveSearchSet(key);
        // A sequence set at the top level narrows what the store lists.
        UidSet? only = criteria switch
        {
            SequenceSetSearchKey set => sets[set],
            AndSearchKey both when both.Keys.OfType<SequenceSetSearchKey>().FirstOrDefault() is { } set => sets[set],
            _ => null,
        };
        var hits = new List<SearchHit>();
        if (only is { IsEmpty: true } || map.Count == 0)
            return hits;

        SearchCost cost = SearchEvaluator.CostOf(criteria);
        bool summaries = cost > SearchCost.StoredSubject || command is ThreadCommand
            || (command is SortCommand sort && MessageSortKeys.NeedEnvelope(sort.SortBy));
        bool subjects = SearchEvaluator.Walk(criteria).Any(k => k is HeaderSearchKey h && SearchEvaluator.IsSubject(h));
        MailboxSnapshot? snapshot = await Mailboxes.GetMessagesAsync(UserId, selected.MailboxId,
            new MessageQuery { Uids = only, IncludeSummaries = summaries, IncludeSubjects = subjects }, Token);
        if (snapshot is null)
        {
            _out.Tagged(command.Tag, ImapCondition.No, ImapResponseCodes.NonExistent, "The mailbox no longer exists");
            return null;
        }
        var evaluator = new SearchEvaluator(sets, _context.Time.GetUtcNow(), Rev2Enabled ? null : _selected!.Recent);
        var source = new SearchSource(Mailboxes, UserId, Token);
        foreach (MessageEntry entry in snapshot.Messages)
        {
            // Messages not yet announced to the client (or already expunged for it) are not searched.
            if (!map.Contains(entry.Uid))
                continue;
            await using var message = new SearchMessage(entry, map.SeqOf(entry.Uid), source);
            if (!await evaluator.MatchesAsync(criteria, message))
                continue;
            hits.Add(new SearchHit(entry.Uid, message.Seq, entry.ModSeq));
            if (onMatch is not null)
                await onMatch(message);
        }
        return hits;
    }

    // RFC 9051 §6.4.4: a sequence-set key is a criterion like any other: numbers beyond the mailbox match
    // nothing (imaptest's esearch expects OK). UID sets and "$" (RFC 5182) resolve as everywhere else.
    private UidSet ResolveSearchSet(SequenceSetSearchKey key)
    {
        if (key.Uid || key.Set.IsSavedResult)
            return ResolveSet(key.Set, key.Uid) ?? UidSet.Empty;
        SequenceMap map = _selected!.Map;
        var ranges = new List<UidRange>();
        foreach (ImapSequenceRange range in key.Set.Ranges)
        {
            (uint low, uint high) = range.Resolve((uint)map.Count);
            if (low == 0 || low > map.Count)
                continue;
            foreach ((long first, long last) in map.UidRangesOfSeqs((int)low, (int)Math.Min(high, (uint)map.Count)))
                ranges.Add(new UidRange(first, last));
        }
        return UidSet.Of(ranges);
    }
}
