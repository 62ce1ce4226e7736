using System.Security.Authentication;
using Microsoft.Extensions.Logging;
using Wren.Net.Connections;
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
    private readonly LineConnection _connection;
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
        _connection = new LineConnection(networkStream, context.Time, shutdown);
        Info = info;
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
        catch (OperationCanceledException) when (_connection.IsShuttingDown)
        {
            await _connection.TrySendFinalAsync(Pop3Replies.ShuttingDown);
        }
        catch (OperationCanceledException) when (_connection.TimedOut)
        {
            // RFC 1939 §3: an autologout ends the session without entering the UPDATE state.
            await _connection.TrySendFinalAsync(Pop3Replies.Autologout);
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
    private void WriteLine(string line) => _connection.WriteLine(line);

    /// <summary>Sends what is queued once it has grown past the threshold (long multi-line responses).</summary>
    private async ValueTask FlushIfLargeAsync()
    {
        if (_connection.UnflushedBytes >= FlushThreshold)
            await FlushAsync();
    }

    /// <summary>
    /// Sends what is queued. A client that stops reading (mid-RETR) is held to the same autologout timer as
    /// one that stops writing, so it cannot keep the maildrop locked forever.
    /// </summary>
    private ValueTask FlushAsync() => _connection.FlushAsync(_options.IdleTimeout);

    /// <summary>
    /// Reads one line (without its line ending) within the autologout timer (RFC 1939 §3): null when the
    /// client closed the connection; TooLong when the line exceeded <paramref name="limit"/> octets with its
    /// CRLF (it is skipped, in bounded memory).
    /// </summary>
    private async ValueTask<(string? Line, bool TooLong)> ReadLineAsync(int limit)
    {
        LineRead read = await _connection.ReadLineAsync(limit, _options.IdleTimeout);
        return (read.Line, read.IsTooLong);
    }

    /// <summary>
    /// Starts TLS (after +OK to STLS, or at once on the implicit TLS port). Anything the client pipelined
    /// after STLS is discarded with the plaintext buffer (RFC 2595 §4). A failed handshake ends the session.
    /// </summary>
    private async Task StartTlsAsync()
    {
        await _connection.StartTlsAsync(_context.Tls!, _options.TlsHandshakeTimeout);
        Info.TlsProtocol = _connection.Tls!.SslProtocol;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        ReleaseMaildrop();
        await _connection.DisposeAsync();
    }
}
