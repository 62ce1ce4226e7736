using Wren.Store.Messages;

namespace Wren.Pop3.Tests;

/// <summary>A real store with switches that make its calls fail, as a disk or database fault would.</summary>
internal sealed class FaultyMailStore(IMailStore inner) : IMailStore
{
    public bool FailListing { get; set; }
    public bool FailOpen { get; set; }
    public bool FailExpunge { get; set; }

    /// <summary>When set, opened messages fail after this many bytes.</summary>
    public int? FailReadAfter { get; set; }

    public IChangeFeed Changes => inner.Changes;

    public MessageSpool CreateSpool() => inner.CreateSpool();

    public Task<CommitResult> CommitAsync(AcceptedMessage message, CancellationToken cancellationToken = default) =>
        inner.CommitAsync(message, cancellationToken);

    public Task<IReadOnlyList<MailboxInfo>> ListMailboxesAsync(long userId, CancellationToken cancellationToken = default) =>
        inner.ListMailboxesAsync(userId, cancellationToken);

    public Task<IReadOnlyList<StoredMessageInfo>> ListMessagesAsync(long userId, string? mailbox = null, CancellationToken cancellationToken = default) =>
        inner.ListMessagesAsync(userId, mailbox, cancellationToken);

    public Task<MailboxListing?> ListMailboxAsync(long userId, string mailbox, CancellationToken cancellationToken = default) =>
        FailListing ? throw new IOException("disk on fire") : inner.ListMailboxAsync(userId, mailbox, cancellationToken);

    public async Task<Stream?> OpenMessageAsync(long userId, long messageId, CancellationToken cancellationToken = default)
    {
        if (FailOpen)
            throw new InvalidOperationException("database is locked");
        Stream? stream = await inner.OpenMessageAsync(userId, messageId, cancellationToken);
        return stream is null || FailReadAfter is not { } limit ? stream : new FailingStream(stream, limit);
    }

    public Task<IReadOnlyList<long>> ExpungeAsync(long userId, long mailboxId, IReadOnlyCollection<long> messageIds,
        CancellationToken cancellationToken = default) =>
        FailExpunge ? throw new InvalidOperationException("disk full") : inner.ExpungeAsync(userId, mailboxId, messageIds, cancellationToken);


    private sealed class FailingStream(Stream inner, int limit) : Stream
    {
        private int _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_read >= limit)
                throw new IOException("read error");
            int n = inner.Read(buffer[..Math.Min(buffer.Length, limit - _read)]);
            _read += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
