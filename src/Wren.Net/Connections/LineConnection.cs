using System.Buffers;
using System.IO.Compression;
using System.IO.Pipelines;
using System.Net.Security;
using System.Security.Authentication;
using System.Text;

namespace Wren.Net.Connections;

/// <summary>
/// The transport under a line-based protocol session (SMTP, POP3, IMAP): command lines read over a
/// <see cref="PipeReader"/> with a hard length limit, replies queued and flushed only when the client has to
/// wait for them (so pipelined commands get batched replies), timeouts on a <see cref="TimeProvider"/>, and
/// the switch to TLS that throws away whatever plaintext the client pipelined behind STARTTLS/STLS.
/// </summary>
public sealed class LineConnection : IAsyncDisposable
{
    private static readonly TimeSpan FinalWriteTimeout = TimeSpan.FromSeconds(5);

    private readonly Stream _networkStream;
    private readonly TimeProvider _time;
    private readonly CancellationToken _shutdown;
    private readonly CancellationTokenSource _timeout;
    private readonly CancellationTokenSource _linked;
    private Stream _transport;
    private PipeReader _input;
    private PipeWriter _output;
    private bool _needMoreInput;
    private bool _skippingLongLine;
    private DeflateStream? _inflate;
    private DeflateStream? _deflate;
    // A flush whose wait was given up (shutdown, timeout) but which may still be writing: nothing else may
    // touch the writer until it ends. See FlushArmedAsync for why flushes are never cancelled.
    private Task? _abandonedFlush;

    /// <summary>Wraps an accepted connection.</summary>
    /// <param name="networkStream">The plaintext connection; owned from here on.</param>
    /// <param name="time">Clock for every timeout.</param>
    /// <param name="shutdown">Server shutdown: cancels any wait, and <see cref="IsShuttingDown"/> tells why.</param>
    public LineConnection(Stream networkStream, TimeProvider time, CancellationToken shutdown)
    {
        _networkStream = networkStream;
        _transport = networkStream;
        _time = time;
        _shutdown = shutdown;
        _timeout = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(shutdown, _timeout.Token);
        _input = CreateReader(networkStream);
        _output = CreateWriter(networkStream);
    }

    /// <summary>Cancelled when the server shuts down or a read or flush times out.</summary>
    public CancellationToken Token => _linked.Token;

    /// <summary>True once the server is shutting down (the reason for an <see cref="OperationCanceledException"/>).</summary>
    public bool IsShuttingDown => _shutdown.IsCancellationRequested;

    /// <summary>True once a read or flush timed out.</summary>
    public bool TimedOut => _timeout.IsCancellationRequested;

    /// <summary>The TLS stream once TLS is active, or null.</summary>
    public SslStream? Tls { get; private set; }

    /// <summary>
    /// The current input, for a protocol that parses the <see cref="PipeReader"/> itself (IMAP's command reader)
    /// instead of using <see cref="ReadAsync"/> or <see cref="ReadLineAsync"/>; use one or the other. A new
    /// reader replaces it after <see cref="StartTlsAsync"/>.
    /// </summary>
    public PipeReader Input => _input;

    /// <summary>Where replies are queued, for writers that produce bytes directly (multi-line responses).</summary>
    public IBufferWriter<byte> Output => _output;

    /// <summary>Bytes queued and not yet sent.</summary>
    public long UnflushedBytes => _output.UnflushedBytes;

    /// <summary>Queues bytes to send.</summary>
    public void Write(ReadOnlySpan<byte> bytes) => _output.Write(bytes);

    /// <summary>Queues a line of text in UTF-8 followed by CRLF.</summary>
    public void WriteLine(string line)
    {
        int length = Encoding.UTF8.GetByteCount(line);
        Span<byte> span = _output.GetSpan(length + 2);
        Encoding.UTF8.GetBytes(line, span);
        span[length] = (byte)'\r';
        span[length + 1] = (byte)'\n';
        _output.Advance(length + 2);
    }

    /// <summary>
    /// Sends what is queued. A client that stops reading is held to <paramref name="timeout"/> as one that
    /// stops writing would be.
    /// </summary>
    public async ValueTask FlushAsync(TimeSpan timeout)
    {
        _timeout.CancelAfter(timeout);
        await FlushArmedAsync();
        _timeout.CancelAfter(Timeout.InfiniteTimeSpan);
    }

    // Flushes under whatever timer the caller armed (one timer covers flush and read in ReadAsync).
    //
    // The writer itself is never given a cancellable token. StreamPipeWriter links the caller's token to an
    // internal one; when the caller's token fires just as a flush completes, the internal token stays
    // cancelled and the *next* flush (the final BYE/421/-ERR) is silently dropped. And a cancelled SslStream
    // write can leave a record encrypted but unsent, garbling everything after it. So the flush runs
    // uncancelled and only the wait for it is given up; a flush left running is awaited (briefly) before the
    // final line, and the socket's close ends it for good.
    private async ValueTask FlushArmedAsync()
    {
        if (_output.UnflushedBytes == 0)
            return;
        Task<FlushResult> flush = _output.FlushAsync(CancellationToken.None).AsTask();
        FlushResult result;
        try
        {
            result = await flush.WaitAsync(_linked.Token);
        }
        catch (OperationCanceledException) when (!flush.IsCompleted)
        {
            _abandonedFlush = flush;
            throw;
        }
        if (result.IsCanceled || result.IsCompleted)
            throw new IOException("Output closed");
    }

    /// <summary>
    /// Returns buffered input not yet examined; otherwise sends the queued replies (the client now waits
    /// for them) and waits for more input, within <paramref name="timeout"/>. Give back what was used with
    /// <see cref="Consume"/>.
    /// </summary>
    public async ValueTask<ReadResult> ReadAsync(TimeSpan timeout)
    {
        if (!_needMoreInput && _input.TryRead(out ReadResult buffered))
            return buffered;
        _timeout.CancelAfter(timeout);
        await FlushArmedAsync();
        _needMoreInput = false;
        ReadResult result = await _input.ReadAsync(_linked.Token);
        _timeout.CancelAfter(Timeout.InfiniteTimeSpan);
        return result;
    }

    /// <summary>
    /// Marks input up to <paramref name="consumed"/> as used. With <paramref name="needMore"/>, the rest was
    /// looked at and is not enough: the next <see cref="ReadAsync"/> waits for new bytes.
    /// </summary>
    public void Consume(SequencePosition consumed, bool needMore)
    {
        _input.AdvanceTo(consumed);
        _needMoreInput = needMore;
    }

    /// <summary>
    /// Reads one line without its line ending (a CR before the LF is dropped; a bare LF ends a line too).
    /// Returns null at end of input, or <see cref="LineRead.TooLong"/> when the line, CRLF included, was over
    /// <paramref name="maxLength"/> octets: it is skipped in bounded memory and the session answers.
    /// </summary>
    public async ValueTask<LineRead> ReadLineAsync(int maxLength, TimeSpan timeout)
    {
        while (true)
        {
            ReadResult result = await ReadAsync(timeout);
            ReadOnlySequence<byte> buffer = result.Buffer;
            SequencePosition? lf = buffer.PositionOf((byte)'\n');
            if (lf is not null)
            {
                ReadOnlySequence<byte> line = buffer.Slice(0, lf.Value);
                SequencePosition next = buffer.GetPosition(1, lf.Value);
                if (_skippingLongLine || line.Length + 1 > maxLength)
                {
                    _skippingLongLine = false;
                    _input.AdvanceTo(next);
                    return LineRead.TooLong;
                }
                string text = Encoding.UTF8.GetString(line);
                _input.AdvanceTo(next);
                return new LineRead(text.EndsWith('\r') ? text[..^1] : text, false);
            }
            if (result.IsCompleted)
            {
                _input.AdvanceTo(buffer.End);
                return LineRead.EndOfInput;
            }
            if (buffer.Length >= maxLength)
            {
                // Bounded memory: drop what we have and report once the line ends.
                _skippingLongLine = true;
                _input.AdvanceTo(buffer.End);
                continue;
            }
            _input.AdvanceTo(buffer.Start, buffer.End);
            _needMoreInput = true;
        }
    }

    /// <summary>
    /// Starts TLS as the server. The plaintext reader is dropped first, and with it anything the client sent
    /// after the command that asked for TLS (RFC 3207 §4.2, RFC 2595 §3.1: such bytes are an injection
    /// attempt, never commands). A failed handshake throws <see cref="IOException"/>.
    /// </summary>
    public async Task StartTlsAsync(SslServerAuthenticationOptions options, TimeSpan handshakeTimeout)
    {
        await _input.CompleteAsync();
        await _output.CompleteAsync();
        var ssl = new SslStream(_networkStream, leaveInnerStreamOpen: false);
        try
        {
            using var handshake = new CancellationTokenSource(handshakeTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(handshake.Token, _shutdown);
            await ssl.AuthenticateAsServerAsync(options, linked.Token);
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException or OperationCanceledException)
        {
            // Nothing more can be said to this client: the plaintext writer is closed, TLS never started.
            await ssl.DisposeAsync();
            throw new IOException($"TLS handshake failed: {ex.Message}", ex);
        }
        _transport = ssl;
        Tls = ssl;
        _input = CreateReader(ssl);
        _output = CreateWriter(ssl);
        _needMoreInput = false;
        _skippingLongLine = false;
    }

    /// <summary>True once <see cref="StartCompressionAsync"/> has run.</summary>
    public bool IsCompressed => _deflate is not null;

    /// <summary>
    /// From now on, both directions are raw DEFLATE (RFC 1951) over the transport, each flush a sync flush so the
    /// client can decode every response at once (IMAP COMPRESS, RFC 4978 §3). Call after the response that
    /// accepts the command has been flushed and before the client's compressed bytes are read; the plaintext
    /// reader is dropped (the client sends nothing between the command and that response).
    /// </summary>
    public async Task StartCompressionAsync()
    {
        await _input.CompleteAsync();
        await _output.CompleteAsync();
        _inflate = new DeflateStream(_transport, CompressionMode.Decompress, leaveOpen: true);
        _deflate = new DeflateStream(_transport, CompressionLevel.Fastest, leaveOpen: true);
        _input = CreateReader(_inflate);
        _output = CreateWriter(_deflate);
        _needMoreInput = false;
        _skippingLongLine = false;
    }

    /// <summary>Queues a last line and tries to send it with everything before it; a client that is gone is ignored.</summary>
    public async Task TrySendFinalAsync(string line)
    {
        try
        {
            using var cts = new CancellationTokenSource(FinalWriteTimeout, _time);
            if (_abandonedFlush is { } pending)
            {
                // The writer is busy until the flush given up on ends; a client that reads will let it.
                await pending.WaitAsync(cts.Token);
                _abandonedFlush = null;
            }
            WriteLine(line);
            Task<FlushResult> flush = _output.FlushAsync(CancellationToken.None).AsTask();
            _abandonedFlush = flush;
            await flush.WaitAsync(cts.Token);
            _abandonedFlush = null;
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // The client is gone, or will not read; nothing more to tell it.
        }
    }

    private static async ValueTask DisposeQuietlyAsync(Stream stream)
    {
        try
        {
            await stream.DisposeAsync();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // Ending the compressed stream writes to a client that may be gone.
        }
    }

    // Zero-byte reads: a connection waiting for its client (an idle IMAP session, thousands at once) holds no
    // read buffer until bytes arrive.
    private static PipeReader CreateReader(Stream stream) =>
        PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 16 * 1024, minimumReadSize: 4096, leaveOpen: true, useZeroByteReads: true));

    private static PipeWriter CreateWriter(Stream stream) =>
        PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_abandonedFlush is { IsCompleted: false } pending)
        {
            // A client that does not read: closing the socket fails the write, and only then is the writer free.
            _networkStream.Dispose();
            try
            {
                await pending;
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
            {
                // Expected: the write was cut off.
            }
        }
        await _input.CompleteAsync();
        try
        {
            await _output.CompleteAsync();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // Completing sends what is left; to a client that is gone there is nothing to send.
        }
        if (_deflate is not null)
            await DisposeQuietlyAsync(_deflate);
        if (_inflate is not null)
            await DisposeQuietlyAsync(_inflate);
        await _transport.DisposeAsync();
        await _networkStream.DisposeAsync();
        _linked.Dispose();
        _timeout.Dispose();
    }
}

/// <summary>The outcome of <see cref="LineConnection.ReadLineAsync"/>.</summary>
/// <param name="Line">The line, or null at end of input or for a line too long.</param>
/// <param name="IsTooLong">The line was over the limit and was skipped.</param>
public readonly record struct LineRead(string? Line, bool IsTooLong)
{
    /// <summary>The client closed the connection.</summary>
    public static readonly LineRead EndOfInput = new(null, false);

    /// <summary>A line over the limit was skipped.</summary>
    public static readonly LineRead TooLong = new(null, true);
}
