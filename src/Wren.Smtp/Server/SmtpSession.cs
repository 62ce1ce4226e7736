using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Text;
using Microsoft.Extensions.Logging;
using Wren.Smtp.Protocol;

namespace Wren.Smtp.Server;

/// <summary>
/// One SMTP connection: reads command lines, dispatches them (SmtpSession.Commands.cs), and carries the
/// connection-level rules: pipelined replies flushed only when the client waits (RFC 2920 §3.2), timeouts
/// (RFC 5321 §4.5.3.2), line-length limits, STARTTLS switching, and shutdown.
/// </summary>
public sealed partial class SmtpSession : IAsyncDisposable
{
    private readonly SmtpServerContext _context;
    private readonly SmtpServerOptions _options;
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
    /// <param name="shutdown">Signals server shutdown: the session answers 421 4.3.2 and closes.</param>
    public SmtpSession(SmtpServerContext context, Stream networkStream, SmtpSessionInfo info, CancellationToken shutdown)
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
    public SmtpSessionInfo Info { get; }

    private SmtpTransaction? Transaction { get; set; }

    /// <summary>Runs the session to its end. Never throws for protocol or network problems.</summary>
    public async Task RunAsync()
    {
        try
        {
            if (Info.Role == SmtpListenerRole.Submissions)
                await StartTlsAsync();
            await ReplyAsync(new SmtpReply(220, null, $"{_options.Hostname} ESMTP Wren ready"));
            while (!_quit)
            {
                string? line = await ReadLineAsync(_options.CommandTimeout);
                if (line is null)
                    break;
                await DispatchAsync(line);
                if (_errors >= _options.MaxErrors && !_quit)
                {
                    await ReplyAsync(SmtpReplies.TooManyErrors);
                    _quit = true;
                }
            }
            await FlushAsync();
        }
        catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
        {
            await TrySendFinalAsync(SmtpReplies.ShuttingDown);
        }
        catch (OperationCanceledException) when (_timeout.IsCancellationRequested)
        {
            await TrySendFinalAsync(SmtpReplies.Timeout);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or AuthenticationException)
        {
            _context.Logger.LogDebug("SMTP session {Id}: connection ended: {Message}", Info.Id, ex.Message);
        }
        finally
        {
            if (Transaction is not null)
                await Transaction.AbandonAsync();
        }
    }

    private async Task DispatchAsync(string line)
    {
        int space = line.IndexOf(' ');
        string verb = (space < 0 ? line : line[..space]).ToUpperInvariant();
        string argument = space < 0 ? "" : line[(space + 1)..];
        try
        {
            await ExecuteAsync(verb, argument);
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or IOException or ObjectDisposedException or AuthenticationException))
        {
            // An unexpected fault is a temporary failure for this transaction, never the end of the server.
            _context.Logger.LogError(ex, "SMTP session {Id}: {Verb} failed", Info.Id, verb);
            if (Transaction is not null)
                await Transaction.AbandonAsync();
            Transaction = null;
            await ReplyAsync(SmtpReplies.LocalError);
        }
    }

    /// <summary>Queues a reply; it is sent when the client next waits for one (RFC 2920 §3.2).</summary>
    private ValueTask ReplyAsync(SmtpReply reply)
    {
        if (reply.Code >= 400)
            _errors++;
        _output.Write(Encoding.UTF8.GetBytes(reply.ToWire()));
        return ValueTask.CompletedTask;
    }

    private async ValueTask FlushAsync()
    {
        FlushResult result = await _output.FlushAsync(_linked.Token);
        if (result.IsCanceled || result.IsCompleted)
            throw new IOException("Output closed");
    }

    private async Task TrySendFinalAsync(SmtpReply reply)
    {
        try
        {
            _output.Write(Encoding.UTF8.GetBytes(reply.ToWire()));
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5), _context.Time);
            await _output.FlushAsync(cts.Token);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // The client is gone; nothing more to tell it.
        }
    }

    /// <summary>
    /// Reads one command line (without its line ending), or null when the client closed the connection.
    /// A line longer than the limit is answered with 500 5.5.6 and skipped.
    /// </summary>
    private async ValueTask<string?> ReadLineAsync(TimeSpan timeout)
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
                if (_skippingLongLine || line.Length + 1 > _options.MaxCommandLineLength)
                {
                    _skippingLongLine = false;
                    _input.AdvanceTo(next);
                    await ReplyAsync(SmtpReplies.LineTooLong);
                    continue;
                }
                string text = Encoding.UTF8.GetString(line);
                _input.AdvanceTo(next);
                return text.EndsWith('\r') ? text[..^1] : text;
            }
            if (result.IsCompleted)
            {
                _input.AdvanceTo(buffer.End);
                return null;
            }
            if (buffer.Length >= _options.MaxCommandLineLength)
            {
                // Bounded memory: drop what we have and remember to answer once the line ends.
                _skippingLongLine = true;
                _input.AdvanceTo(buffer.End);
                continue;
            }
            _input.AdvanceTo(buffer.Start, buffer.End);
            _needMoreInput = true;
        }
    }

    /// <summary>
    /// Returns buffered input if there is any that has not been examined; otherwise flushes pending replies
    /// (the client is now waiting for them) and waits for more, within <paramref name="timeout"/>.
    /// </summary>
    private async ValueTask<ReadResult> ReadAsync(TimeSpan timeout)
    {
        if (!_needMoreInput && _input.TryRead(out ReadResult buffered))
            return buffered;
        await FlushAsync();
        _needMoreInput = false;
        _timeout.CancelAfter(timeout);
        ReadResult result = await _input.ReadAsync(_linked.Token);
        _timeout.CancelAfter(Timeout.InfiniteTimeSpan);
        return result;
    }

    /// <summary>
    /// Starts TLS on the connection (after 220 for STARTTLS, or at once for implicit TLS). Anything the client
    /// pipelined after STARTTLS is still in the plaintext buffer and is discarded with it (RFC 3207 §4.2 and
    /// the command-injection class of bugs). A failed handshake ends the session with an IOException.
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
            // Nothing more can be said to this client: the plaintext writer is closed, TLS never started.
            await ssl.DisposeAsync();
            throw new IOException($"TLS handshake failed: {ex.Message}", ex);
        }
        _transport = ssl;
        _input = CreateReader(ssl);
        _output = PipeWriter.Create(ssl, new StreamPipeWriterOptions(leaveOpen: true));
        _needMoreInput = false;
        Info.TlsProtocol = ssl.SslProtocol;
        Info.TlsCipherSuite = ssl.NegotiatedCipherSuite.ToString();
    }

    private static PipeReader CreateReader(Stream stream) =>
        PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 16 * 1024, minimumReadSize: 4096, leaveOpen: true));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _input.CompleteAsync();
        await _output.CompleteAsync();
        await _transport.DisposeAsync();
        await _networkStream.DisposeAsync();
        _linked.Dispose();
        _timeout.Dispose();
    }

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
