using System.Security.Authentication;
using Microsoft.Extensions.Logging;
using Wren.Imap.Protocol;
using Wren.Net.Connections;
using Wren.Store.Accounts;

namespace Wren.Imap.Server;

/// <summary>
/// One IMAP connection. This file holds the loop and the connection-level rules: commands read by
/// <see cref="ImapCommandReader"/>, refused input answered, faults answered <c>NO [SERVERBUG]</c> with the
/// session living on, too many errors, the autologout timer (RFC 9051 §5.4), shutdown. The commands live in
/// partial files by state: ImapSession.AnyState.cs (CAPABILITY NOOP LOGOUT ID), ImapSession.Auth.cs
/// (STARTTLS AUTHENTICATE LOGIN), ImapSession.Authenticated.cs (ENABLE NAMESPACE, the mailbox commands);
/// ImapSession.Dispatch.cs routes them; ImapSession.Output.cs is the output side.
/// </summary>
public sealed partial class ImapSession : IAsyncDisposable
{
    private readonly ImapServerContext _context;
    private readonly ImapServerOptions _options;
    private readonly ImapLimits _limits;
    private readonly IReadOnlyList<string> _mechanisms;
    private readonly LineConnection _connection;
    private readonly ImapResponseWriter _out;
    private readonly CancellationTokenSource _idle;
    private readonly CancellationTokenSource _linked;
    private ImapCommandReader _reader;
    private UserAccount? _account;

    /// <summary>Creates a session over an accepted connection.</summary>
    /// <param name="context">Server-wide settings and services.</param>
    /// <param name="networkStream">The connection (plaintext; implicit TLS is started by <see cref="RunAsync"/>).</param>
    /// <param name="info">Identity of the session.</param>
    /// <param name="shutdown">Signals server shutdown: the session says <c>* BYE</c> at its next wait and closes.</param>
    public ImapSession(ImapServerContext context, Stream networkStream, ImapSessionInfo info, CancellationToken shutdown)
    {
        _context = context;
        _options = context.Options;
        _limits = _options.CreateLimits();
        _mechanisms = ImapCapabilities.Mechanisms(context.Sasl);
        _connection = new LineConnection(networkStream, context.Time, shutdown);
        _out = new ImapResponseWriter(_connection);
        _idle = new CancellationTokenSource(Timeout.InfiniteTimeSpan, context.Time);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(_connection.Token, _idle.Token);
        _reader = new ImapCommandReader(_connection.Input, this, _limits);
        Info = info;
    }

    /// <summary>What the session knows about its client.</summary>
    public ImapSessionInfo Info { get; }

    /// <summary>The connection's state (RFC 9051 §3).</summary>
    public ImapSessionState State { get; private set; }

    /// <summary>
    /// Cancelled when the server shuts down, the autologout timer expires or the client stops reading;
    /// every wait of the session uses it.
    /// </summary>
    private CancellationToken Token => _linked.Token;

    /// <summary>Runs the session to its end. Never throws for protocol or network problems.</summary>
    public async Task RunAsync()
    {
        try
        {
            if (Info.Role == ImapListenerRole.Imaps)
                await StartTlsAsync();
            // RFC 9051 §7.1.1: the greeting, with the capabilities so the client need not ask (§7.2.2).
            _out.Untagged(ImapCondition.Ok, CapabilityCode(), $"{_options.Hostname} Wren IMAP4rev2 server ready");
            while (State != ImapSessionState.Logout)
            {
                ImapReadResult read = await ReadCommandAsync();
                if (read.IsEndOfInput)
                    break;
                if (read.Error is { } error)
                    AnswerRefused(error);
                else
                    await ExecuteAsync(read.Command!);
                // RFC 9051 §7.1.5: BYE, then close, for a client that keeps sending garbage.
                if (_out.BadResponses >= _options.MaxErrors && State != ImapSessionState.Logout)
                {
                    _out.Untagged(ImapCondition.Bye, null, "Too many invalid commands");
                    State = ImapSessionState.Logout;
                }
                await FlushIfLargeAsync();
            }
            await FlushOutputAsync();
        }
        catch (OperationCanceledException) when (_connection.IsShuttingDown)
        {
            await _connection.TrySendFinalAsync(
                ImapResponseWriter.Format("*", ImapCondition.Bye, ImapResponseCodes.Unavailable, "Server shutting down"));
        }
        catch (OperationCanceledException) when (_idle.IsCancellationRequested || _connection.TimedOut)
        {
            // RFC 9051 §5.4: the autologout timer expired, waiting for the client to send (or to read what
            // it was sent: the flush runs under the same time).
            _context.Logger.LogDebug("IMAP session {Id}: autologout", Info.Id);
            await _connection.TrySendFinalAsync(
                ImapResponseWriter.Format("*", ImapCondition.Bye, null, "Autologout; idle for too long"));
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or AuthenticationException or OperationCanceledException)
        {
            _context.Logger.LogDebug("IMAP session {Id}: connection ended: {Message}", Info.Id, ex.Message);
        }
        catch (Exception ex)
        {
            // A fault outside any one command (the loop itself): say so and close, never take the server down.
            _context.Logger.LogError(ex, "IMAP session {Id} failed", Info.Id);
            await _connection.TrySendFinalAsync(
                ImapResponseWriter.Format("*", ImapCondition.Bye, ImapResponseCodes.ServerBug, "Internal server error"));
        }
        finally
        {
            State = ImapSessionState.Logout;
        }
    }

    /// <summary>
    /// Runs one command. An unexpected fault fails only this command, <c>NO [SERVERBUG]</c> (RFC 5530 §3),
    /// and the session goes on.
    /// </summary>
    private async Task ExecuteAsync(ImapCommand command)
    {
        try
        {
            await DispatchAsync(command);
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or IOException or ObjectDisposedException or AuthenticationException))
        {
            _context.Logger.LogError(ex, "IMAP session {Id}: {Command} failed", Info.Id, command.Name);
            _out.Tagged(command.Tag, ImapCondition.No, ImapResponseCodes.ServerBug, $"{command.Name} failed: internal server error");
        }
    }

    /// <summary>
    /// Answers a command the reader refused: its tag (or <c>*</c> when none could be read), NO or BAD, and
    /// the response code the error calls for (TOOBIG, LIMIT, BADCHARSET; RFC 9051 §7.1, RFC 5530).
    /// </summary>
    private void AnswerRefused(ImapCommandError error)
    {
        ImapCondition condition = error.Status == ImapResponseStatus.No ? ImapCondition.No : ImapCondition.Bad;
        if (error.Tag is null)
            _out.Untagged(condition, error.ResponseCode, error.Message);
        else
            _out.Tagged(error.Tag, condition, error.ResponseCode, error.Message);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Deselect();
        await _connection.DisposeAsync();
        _linked.Dispose();
        _idle.Dispose();
        _outputLock.Dispose();
    }
}
