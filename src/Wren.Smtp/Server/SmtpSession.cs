using System.Net;
using System.Security.Authentication;
using System.Text;
using Microsoft.Extensions.Logging;
using Wren.Net.Connections;
using Wren.Smtp.Protocol;

namespace Wren.Smtp.Server;

/// <summary>
/// One SMTP connection: reads command lines, dispatches them (SmtpSession.Commands.cs), and carries the
/// session-level rules: pipelined replies flushed only when the client waits (RFC 2920 §3.2, done by
/// <see cref="LineConnection"/>), timeouts (RFC 5321 §4.5.3.2), line-length limits, the error cap, and
/// shutdown.
/// </summary>
public sealed partial class SmtpSession : IAsyncDisposable
{
    private readonly SmtpServerContext _context;
    private readonly SmtpServerOptions _options;
    private readonly LineConnection _connection;
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
        _connection = new LineConnection(networkStream, context.Time, shutdown);
        Info = info;
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
        catch (OperationCanceledException) when (_connection.IsShuttingDown)
        {
            await _connection.TrySendFinalAsync(SmtpReplies.ShuttingDown.ToWire().TrimEnd());
        }
        catch (OperationCanceledException) when (_connection.TimedOut)
        {
            await _connection.TrySendFinalAsync(SmtpReplies.Timeout.ToWire().TrimEnd());
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
        _connection.Write(Encoding.UTF8.GetBytes(reply.ToWire()));
        return ValueTask.CompletedTask;
    }

    private ValueTask FlushAsync() => _connection.FlushAsync(_options.CommandTimeout);

    /// <summary>
    /// Reads one command line (without its line ending), or null when the client closed the connection.
    /// A line longer than the limit is answered with 500 5.5.6 and skipped.
    /// </summary>
    private async ValueTask<string?> ReadLineAsync(TimeSpan timeout)
    {
        while (true)
        {
            LineRead read = await _connection.ReadLineAsync(_options.MaxCommandLineLength, timeout);
            if (!read.IsTooLong)
                return read.Line;
            await ReplyAsync(SmtpReplies.LineTooLong);
        }
    }

    /// <summary>
    /// Starts TLS (after 220 for STARTTLS, or at once for implicit TLS); what the client pipelined after
    /// STARTTLS is discarded with the plaintext buffer (RFC 3207 §4.2). A failed handshake ends the session.
    /// </summary>
    private async Task StartTlsAsync()
    {
        await _connection.StartTlsAsync(_context.Tls!, _options.TlsHandshakeTimeout);
        Info.TlsProtocol = _connection.Tls!.SslProtocol;
        Info.TlsCipherSuite = _connection.Tls.NegotiatedCipherSuite.ToString();
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
