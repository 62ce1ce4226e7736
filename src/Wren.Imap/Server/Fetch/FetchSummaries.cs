using Wren.Mail.Summaries;
using Wren.Store.Messages;

namespace Wren.Imap.Server.Fetch;

/// <summary>
/// The summaries one FETCH command works from: the stored one decoded, or, for a message stored without one
/// (before summaries existed, or delivered by a path that does not compute them), one built from the message
/// and stored, so it is computed once. Built summaries are remembered by content for the rest of the command
/// (copies of one message share their content).
/// </summary>
internal sealed class FetchSummaries(IMailboxStore store, long userId, CancellationToken cancellationToken)
{
    private readonly Dictionary<long, string> _built = [];
    private readonly List<Task<bool>> _saving = [];

    /// <summary>
    /// Waits for the summaries built by this command to be stored. A summary is a cache of what the message
    /// says: one that could not be stored (the message went away, the session ended) is simply built again
    /// the next time, so failures are not the command's.
    /// </summary>
    public async Task SavedAsync()
    {
        foreach (Task<bool> saving in _saving)
        {
            try
            {
                await saving;
            }
            catch (Exception)
            {
                // See above: nothing is lost but the time to build it again.
            }
        }
        _saving.Clear();
    }

    /// <summary>
    /// The message's summary; null when the message is gone. <paramref name="content"/>, when the caller has
    /// it open, is read to build a missing summary (and left at an unspecified position).
    /// </summary>
    public async Task<MessageSummary?> GetAsync(MessageEntry entry, Stream? content)
    {
        if (StoredSummary.Decode(entry.Summary) is { } stored)
            return stored;
        if (_built.TryGetValue(entry.BlobId, out string? built) && StoredSummary.Decode(built) is { } again)
            return again;

        Stream? opened = null;
        try
        {
            if (content is null)
            {
                opened = await store.OpenMessageAsync(userId, entry.MessageId, cancellationToken);
                if (opened is null)
                    return null;
                content = opened;
            }
            content.Seek(0, SeekOrigin.Begin);
            MessageSummary summary = await MessageSummary.BuildAsync(content, cancellationToken);
            string encoded = StoredSummary.Encode(summary);
            _built[entry.BlobId] = encoded;
            // Stored while the response goes on: the store's writer can take many such writes in one commit.
            _saving.Add(store.SetSummaryAsync(userId, entry.MessageId, encoded, cancellationToken));
            return summary;
        }
        finally
        {
            if (opened is not null)
                await opened.DisposeAsync();
        }
    }
}
