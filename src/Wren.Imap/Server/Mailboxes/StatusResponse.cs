using System.Globalization;
using System.Text;
using Wren.Imap.Protocol;
using Wren.Store.Messages;

namespace Wren.Imap.Server.Mailboxes;

/// <summary>
/// The STATUS response (RFC 9051 §7.3.2), for the STATUS command (§6.3.11) and LIST RETURN (STATUS)
/// (RFC 5819): the items in the order asked, each once.
/// </summary>
internal static class StatusResponse
{
    /// <summary>The payload <c>STATUS name (ITEM n …)</c>.</summary>
    /// <param name="name">The mailbox name as the client gave it or LIST showed it.</param>
    /// <param name="status">The mailbox's numbers.</param>
    /// <param name="items">The items asked for.</param>
    /// <param name="utf8">Names go as UTF-8 (else modified UTF-7).</param>
    /// <param name="appendLimit">RFC 7889 APPENDLIMIT: the largest message APPEND accepts.</param>
    /// <param name="deletedStorageKib">RFC 9208 §5.2 DELETED-STORAGE, when asked for (KiB of \Deleted messages).</param>
    /// <param name="recent">RFC 3501 RECENT: messages no session has claimed as \Recent yet.</param>
    public static string Format(string name, MailboxStatus status, IReadOnlyList<StatusItem> items, bool utf8, long appendLimit,
        long? deletedStorageKib, long recent = 0)
    {
        var payload = new StringBuilder("STATUS ");
        MailboxNames.Append(payload, name, utf8).Append(" (");
        int start = payload.Length;
        var done = new HashSet<StatusItem>();
        foreach (StatusItem item in items)
        {
            if (!done.Add(item))
                continue;
            if (payload.Length > start)
                payload.Append(' ');
            payload.Append(item switch
            {
                StatusItem.Messages => "MESSAGES " + N(status.Messages),
                // RFC 3501 §6.3.10 (RFC 9051 removed \Recent).
                StatusItem.Recent => "RECENT " + recent.ToString(CultureInfo.InvariantCulture),
                StatusItem.UidNext => "UIDNEXT " + N(status.UidNext),
                StatusItem.UidValidity => "UIDVALIDITY " + N(status.UidValidity),
                StatusItem.Unseen => "UNSEEN " + N(status.Unseen),
                StatusItem.Deleted => "DELETED " + N(status.Deleted),
                StatusItem.Size => "SIZE " + N(status.Size),
                StatusItem.HighestModSeq => "HIGHESTMODSEQ " + N(status.HighestModSeq),
                StatusItem.AppendLimit => "APPENDLIMIT " + N(appendLimit),
                StatusItem.MailboxId => "MAILBOXID (" + status.ObjectId + ")",
                StatusItem.DeletedStorage => "DELETED-STORAGE " + N(deletedStorageKib ?? 0),
                _ => throw new ArgumentOutOfRangeException(nameof(items)),
            });
        }
        return payload.Append(')').ToString();
    }

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);
}
