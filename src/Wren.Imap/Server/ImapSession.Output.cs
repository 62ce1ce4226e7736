using Wren.Imap.Protocol;

namespace Wren.Imap.Server;

// The output side and the waits: responses are queued and flushed only when the client must wait for them
// (so pipelined commands get their responses in one batch), or when the queue grows large; every wait for
// the client runs under the autologout timer, which is stopped while a command executes.
public sealed partial class ImapSession : IImapReaderHost
{
    // A long response (FETCH of many messages) is sent in pieces of about this size: bounded memory.
    private const int FlushThreshold = 64 * 1024;

    /// <summary>RFC 9051 §5.4: 30 minutes or more once authenticated, shorter before.</summary>
    private TimeSpan AutologoutTimeout => State == ImapSessionState.NotAuthenticated ? _options.LoginTimeout : _options.IdleTimeout;

    /// <inheritdoc />
    async ValueTask IImapReaderHost.SendContinuationAsync(CancellationToken cancellationToken)
    {
        // RFC 9051 §7.5: the client sends a synchronizing literal's octets only after this.
        _out.Continuation("Ready for literal data");
        await FlushOutputAsync();
    }

    /// <inheritdoc />
    async ValueTask IImapReaderHost.FlushAsync(CancellationToken cancellationToken)
    {
        // The reader is about to wait for the client: start the autologout timer, then send what is queued
        // (so by the time the client has the response, the timer runs).
        _idle.CancelAfter(AutologoutTimeout);
        await _outputLock.WaitAsync(cancellationToken);
        try
        {
            await FlushOutputAsync();
        }
        finally
        {
            _outputLock.Release();
        }
    }

    /// <summary>Reads the next command; the autologout timer runs only while the reader waits.</summary>
    private async ValueTask<ImapReadResult> ReadCommandAsync()
    {
        try
        {
            return await _reader.ReadCommandAsync(Token);
        }
        finally
        {
            StopAutologoutTimer();
        }
    }

    /// <summary>Reads a client's answer to an AUTHENTICATE challenge, under the autologout timer.</summary>
    private async ValueTask<ImapSaslResponse> ReadSaslResponseAsync()
    {
        try
        {
            return await _reader.ReadSaslResponseAsync(Token);
        }
        finally
        {
            StopAutologoutTimer();
        }
    }

    /// <summary>
    /// Stops the autologout timer the reader's wait started. Whoever reads from <see cref="_reader"/> outside
    /// <see cref="ReadCommandAsync"/> (an APPEND message) calls this once the client's octets are in.
    /// </summary>
    private void StopAutologoutTimer() => _idle.CancelAfter(Timeout.InfiniteTimeSpan);

    /// <summary>
    /// Sends what is queued. A client that stops reading is held to the autologout time as one that stops
    /// writing would be.
    /// </summary>
    private ValueTask FlushOutputAsync() => _connection.FlushAsync(AutologoutTimeout);

    /// <summary>Sends what is queued once it has grown past the threshold (long responses).</summary>
    private async ValueTask FlushIfLargeAsync()
    {
        if (_out.Pending >= FlushThreshold)
            await FlushOutputAsync();
    }

    /// <summary>The <c>CAPABILITY …</c> response code for the session's state now.</summary>
    private string CapabilityCode() => ImapResponseCodes.Capability + " " + CapabilityList();

    /// <summary>The capability list for the session's state now (RFC 9051 §7.2.2).</summary>
    private string CapabilityList() => ImapCapabilities.Format(
        authenticated: State is ImapSessionState.Authenticated or ImapSessionState.Selected,
        canStartTls: CanStartTls,
        authAllowed: AuthAllowed,
        _mechanisms,
        literalPlus: _limits.MaxNonSynchronizingLiteralSize is null,
        appendLimit: _limits.MaxAppendSize);

    /// <summary>
    /// Starts TLS (after the OK to STARTTLS, or at once on the implicit TLS port) and reads commands from the
    /// TLS stream with a new reader. Whatever the client pipelined after STARTTLS is dropped with the plaintext
    /// buffer (RFC 9051 §6.2.1, RFC 3207 §4.2 on injection). A failed handshake ends the session.
    /// </summary>
    private async Task StartTlsAsync()
    {
        await _connection.StartTlsAsync(_context.Tls!, _options.TlsHandshakeTimeout);
        Info.TlsProtocol = _connection.Tls!.SslProtocol;
        _reader = new ImapCommandReader(_connection.Input, this, _limits);
    }
}
