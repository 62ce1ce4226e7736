using MimeKit;
using MimeKit.IO;
using Wren.Mail.Summaries;
using Wren.Store.Messages;

namespace Wren.Imap.Server.Search;

/// <summary>
/// One message as SEARCH, SORT and THREAD look at it: the store's entry (flags, dates, size, MODSEQ) and, only
/// when a key needs them, its summary (envelope, part tree), its header fields and its content. The content
/// stream is opened once and kept until the message is disposed, so several keys share it.
/// </summary>
internal sealed class SearchMessage(MessageEntry entry, int seq, SearchSource source) : IAsyncDisposable
{
    private Stream? _content;
    private bool _contentGone;
    private MessageSummary? _summary;
    private bool _summaryLoaded;
    private HeaderList? _headers;

    /// <summary>The store's entry.</summary>
    public MessageEntry Entry { get; } = entry;

    /// <summary>The session's message sequence number.</summary>
    public int Seq { get; } = seq;

    /// <summary>Cancels the command.</summary>
    public CancellationToken Token => source.Token;

    /// <summary>The summary: the stored one, or built from the content (and stored) when missing. Null when the message is gone.</summary>
    public async ValueTask<MessageSummary?> GetSummaryAsync()
    {
        if (_summaryLoaded)
            return _summary;
        _summaryLoaded = true;
        // Not in the listing (it was read without summaries, e.g. a SUBJECT search that fell back to the header):
        // the stored one, before building it from the content.
        _summary = StoredSummary.Decode(Entry.Summary ?? await source.Store.GetSummaryAsync(source.UserId, Entry.MessageId, source.Token));
        if (_summary is null)
        {
            // None stored (the message predates summaries) or unreadable: build it once and keep it.
            Stream? content = await OpenAsync();
            if (content is null)
                return null;
            content.Position = 0;
            try
            {
                _summary = await MessageSummary.BuildAsync(content, source.Token);
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException or NotSupportedException)
            {
                // A message the parser cannot take apart has no header or text to match; the search goes on.
                return null;
            }
            await source.Store.SetSummaryAsync(source.UserId, Entry.MessageId, StoredSummary.Encode(_summary), source.Token);
        }
        return _summary;
    }

    /// <summary>
    /// The top-level header fields (MimeKit decodes RFC 2047 words in <see cref="Header.Value"/>); empty when
    /// the message is gone.
    /// </summary>
    public async ValueTask<HeaderList> GetHeadersAsync()
    {
        if (_headers is not null)
            return _headers;
        MessageSummary? summary = await GetSummaryAsync();
        Stream? content = await OpenAsync();
        if (summary is null || content is null)
            return _headers = [];
        return _headers = await LoadHeadersAsync(content, summary.Header, source.Token);
    }

    /// <summary>The header fields in <paramref name="range"/> of the content (a message's or an embedded message's header).</summary>
    public static async Task<HeaderList> LoadHeadersAsync(Stream content, ByteRange range, CancellationToken token)
    {
        var bound = new BoundStream(content, range.Offset, range.End, leaveOpen: true);
        try
        {
            return await HeaderList.LoadAsync(ParserOptions.Default, bound, token);
        }
        catch (FormatException)
        {
            // Not even one field parses: nothing to match.
            return [];
        }
    }

    /// <summary>The content, seekable (shared: callers seek where they read). Null when the message is gone.</summary>
    public async ValueTask<Stream?> OpenAsync()
    {
        if (_content is null && !_contentGone)
        {
            _content = await source.Store.OpenMessageAsync(source.UserId, Entry.MessageId, source.Token);
            _contentGone = _content is null;
        }
        return _content;
    }

    /// <summary>Closes the content (the summary and header fields stay, for sorting).</summary>
    public async ValueTask CloseContentAsync()
    {
        if (_content is not null)
        {
            await _content.DisposeAsync();
            _content = null;
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => CloseContentAsync();
}

/// <summary>Where a <see cref="SearchMessage"/> reads from: the store, as the session's user.</summary>
/// <param name="Store">The store.</param>
/// <param name="UserId">The user.</param>
/// <param name="Token">Cancels the command.</param>
internal sealed record SearchSource(IMailboxStore Store, long UserId, CancellationToken Token);
