namespace Wren.Imap.Protocol;

/// <summary>
/// What <see cref="ImapCommandReader"/> needs from the session's output side: it calls these at the moments
/// the protocol requires, so replies and continuations are never late and never early.
/// </summary>
public interface IImapReaderHost
{
    /// <summary>
    /// Sends a command continuation request (<c>+ Ready for literal data</c>, RFC 9051 §7.5) and flushes it.
    /// Called before a synchronizing literal's octets are awaited: the client sends nothing before it.
    /// </summary>
    ValueTask SendContinuationAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Sends the replies queued so far. Called just before the reader waits for more client bytes, so replies
    /// to pipelined commands go out in one batch, and none waits for a client that waits for it.
    /// </summary>
    ValueTask FlushAsync(CancellationToken cancellationToken);
}
