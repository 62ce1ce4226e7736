using System.Buffers;
using System.IO.Pipelines;
using System.Net.Security;
using System.Security.Authentication;
using System.Text;
using Microsoft.Extensions.Logging;
using Wren.Pop3.Protocol;

namespace Wren.Pop3.Server;

/// <summary>
/// One POP3 connection: reads command lines, dispatches them (Pop3Session.Auth.cs for the AUTHORIZATION
/// state, Pop3Session.Transaction.cs for TRANSACTION and UPDATE), and carries the connection-level rules:
/// replies flushed only when the client waits (RFC 2449 §6.6 PIPELINING), the autologout timer (RFC 1939
/// §3), line-length limits, STLS switching, and shutdown. A session that ends in any way but QUIT never
/// enters the UPDATE state, so nothing is deleted (RFC 1939 §6).
/// </summary>
public sealed partial class Pop3Session : IAsyncDisposable
{
    // Multi-line responses are flushed in pieces of about this size, so a large message costs bounded memory.
    private const int FlushThreshold = 64 * 1024;

    private readonly Pop3ServerContext _context;
    private readonly Pop3ServerOptions _options;
    private readonly Stream _networkStream;
    private readonly CancellationTokenSource _timeout;
    private readonly CancellationTokenSource _linked;
    private readonly CancellationToken _shutdown;
    private Stream _transport;
    private PipeReader _input;
    private PipeWriter _output;
    private bool _needMoreInput;
    private bool _skippingLongLine;
    private bool _quit;
    private int _errors;

    /// <summary>Creates a session over an accepted connection.</summary>
    /// <param name="context">Server-wide settings and services.</param>
    /// <param name="networkStream">The connection (plaintext; implicit TLS is started by <see cref="RunAsync"/>).</param>
    /// <param name="info">Identity of the session.</param>
    /// <param name="shutdown">Signals server shutdown: the session says so and closes, deleting nothing.</param>
    public Pop3Session(Pop3ServerContext context, Stream networkStream, Pop3SessionInfo info, CancellationToken shutdown)
    {
        _context = context;
        _options = context.Options;
        _networkStream = networkStream;
        _transport = networkStream;
        Info = info;
        _shutdown = shutdown;
        _timeout = new CancellationTokenSource(Timeout.InfiniteTimeSpan, context.Time);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(shutdown, _timeout.Token);
        _input = CreateReader(networkStream);
        _output = PipeWriter.Create(networkStream, new StreamPipeWriterOptions(leaveOpen: true));
    }

    /// <summary>What the session knows about its client.</summary>
    public Pop3SessionInfo Info { get; }

    /// <summary>Runs the session to its end. Never throws for protocol or network problems.</summary>
    public async Task RunAsync()
    {
        try
        {
            if (Info.Role == Pop3ListenerRole.Pop3s)
                await StartTlsAsync();
            Reply(Pop3Replies.Greeting(_options.Hostname));
            while (!_quit)
            {
                (string? line, bool tooLong) = await ReadLineAsync(_options.MaxCommandLineLength);
                if (tooLong)
                    Reply(Pop3Replies.LineTooLong);
                else if (line is null)
                    break;
                else
                    await DispatchAsync(line);
                if (_errors >= _options.MaxErrors && !_quit)
                {
                    Reply(Pop3Replies.TooManyErrors);
                    _quit = true;
                }
            }
            await FlushAsync();
        }
        catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
        {
            await TrySendFinalAsync(Pop3Replies.ShuttingDown);
        }
        catch (OperationCanceledException) when (_timeout.IsCancellationRequested)
        {
            // RFC 1939 §3: an autologout ends the session without entering the UPDATE state.
            await TrySendFinalAsync(Pop3Replies.Autologout);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or AuthenticationException)
        {
            _context.Logger.LogDebug("POP3 session {Id}: connection ended: {Message}", Info.Id, ex.Message);
        }
        finally
        {
            ReleaseMaildrop();
        }
    }

    private async Task DispatchAsync(string line)
    {
        int space = line.IndexOf(' ');
        // RFC 1939 §3: keywords are case-insensitive.
        string verb = (space < 0 ? line : line[..space]).ToUpperInvariant();
        string argument = space < 0 ? "" : line[(space + 1)..];
        try
        {
            await ExecuteAsync(verb, argument);
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or IOException or ObjectDisposedException or AuthenticationException))
        {
            // An unexpected fault is a temporary failure of this command, never the end of the session.
            _context.Logger.LogError(ex, "POP3 session {Id}: {Verb} failed", Info.Id, verb);
            Reply(Pop3Replies.TemporaryFailure);
        }
    }

    /// <summary>Queues a status line; it is sent when the client next waits (RFC 2449 §6.6).</summary>
    private void Reply(string line)
    {
        if (line.StartsWith("-ERR", StringComparison.Ordinal))
            _errors++;
        WriteLine(line);
    }

    /// <summary>Queues one line of a multi-line response (the caller byte-stuffs when needed).</summary>
    private void WriteLine(string line)
    {
        int length = Encoding.UTF8.GetByteCount(line);
        Span<byte> span = _output.GetSpan(length + 2);
        Encoding.UTF8.GetBytes(line, span);
        span[length] = (byte)'\r';
        span[length + 1] = (byte)'\n';
        _output.Advance(length + 2);
    }

    /// <summary>Sends what is queued once it has grown past the threshold (long multi-line responses).</summary>
    private async ValueTask FlushIfLargeAsync()
    {
        if (_output.UnflushedBytes >= FlushThreshold)
            await FlushAsync();
    }

    /// <summary>
    /// Sends what is queued. A client that stops reading (mid-RETR) is held to the same autologout timer as
    /// one that stops writing, so it cannot keep the maildrop locked forever.
    /// </summary>
    private async ValueTask FlushAsync()
    {
        _timeout.CancelAfter(_options.IdleTimeout);
        FlushResult result = await _output.FlushAsync(_linked.Token);
        _timeout.CancelAfter(Timeout.InfiniteTimeSpan);
        if (result.IsCanceled || result.IsCompleted)
            throw new IOException("Output closed");
    }

    private async Task TrySendFinalAsync(string line)
    {
        try
        {
            WriteLine(line);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5), _context.Time);
            await _output.FlushAsync(cts.Token);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // The client is gone; nothing more to tell it.
        }
    }

    /// <summary>
    /// Reads one line (without its line ending): null when the client closed the connection; TooLong when
    /// the line exceeded <paramref name="limit"/> octets with its CRLF (it is skipped, in bounded memory).
    /// </summary>
    private async ValueTask<(string? Line, bool TooLong)> ReadLineAsync(int limit)
    {
        while (true)
        {
            ReadResult result = await ReadAsync();
            ReadOnlySequence<byte> buffer = result.Buffer;
            SequencePosition? lf = buffer.PositionOf((byte)'\n');
            if (lf is not null)
            {
                ReadOnlySequence<byte> line = buffer.Slice(0, lf.Value);
                SequencePosition next = buffer.GetPosition(1, lf.Value);
                if (_skippingLongLine || line.Length + 1 > limit)
                {
                    _skippingLongLine = false;
                    _input.AdvanceTo(next);
                    return (null, true);
                }
                string text = Encoding.UTF8.GetString(line);
                _input.AdvanceTo(next);
                return (text.EndsWith('\r') ? text[..^1] : text, false);
            }
            if (result.IsCompleted)
            {
                _input.AdvanceTo(buffer.End);
                return (null, false);
            }
            if (buffer.Length >= limit)
            {
                // Bounded memory: drop what we have and answer once the line ends.
                _skippingLongLine = true;
                _input.AdvanceTo(buffer.End);
                continue;
            }
            _input.AdvanceTo(buffer.Start, buffer.End);
            _needMoreInput = true;
        }
    }

    /// <summary>
    /// Returns buffered input not yet examined; otherwise flushes pending replies (the client now waits for
    /// them) and waits for more, within the autologout timer (RFC 1939 §3).
    /// </summary>
    private async ValueTask<ReadResult> ReadAsync()
    {
        if (!_needMoreInput && _input.TryRead(out ReadResult buffered))
            return buffered;
        await FlushAsync();
        _needMoreInput = false;
        _timeout.CancelAfter(_options.IdleTimeout);
        ReadResult result = await _input.ReadAsync(_linked.Token);
        _timeout.CancelAfter(Timeout.InfiniteTimeSpan);
        return result;
    }

    /// <summary>
    /// Starts TLS (after +OK to STLS, or at once on the implicit TLS port). Anything the client pipelined
    /// after STLS is still in the plaintext buffer and is discarded with it (RFC 2595 §4). A failed
    /// handshake ends the session with an IOException.
    /// </summary>
    private async Task StartTlsAsync()
    {
        await _input.CompleteAsync();
        await _output.CompleteAsync();
        var ssl = new SslStream(_networkStream, leaveInnerStreamOpen: false);
        try
        {
            using var handshake = new CancellationTokenSource(_options.TlsHandshakeTimeout, _context.Time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(handshake.Token, _shutdown);
            await ssl.AuthenticateAsServerAsync(_context.Tls!, linked.Token);
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException or OperationCanceledException)
        {
            await ssl.DisposeAsync();
            throw new IOException($"TLS handshake failed: {ex.Message}", ex);
        }
        _transport = ssl;
        _input = CreateReader(ssl);
        _output = PipeWriter.Create(ssl, new StreamPipeWriterOptions(leaveOpen: true));
        _needMoreInput = false;
        _skippingLongLine = false;
        Info.TlsProtocol = ssl.SslProtocol;
    }

    private static PipeReader CreateReader(Stream stream) =>
        PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 16 * 1024, minimumReadSize: 4096, leaveOpen: true));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        ReleaseMaildrop();
        await _input.CompleteAsync();
        await _output.CompleteAsync();
        await _transport.DisposeAsync();
        await _networkStream.DisposeAsync();
        _linked.Dispose();
        _timeout.Dispose();
    }
}
