namespace Wren.Imap.Protocol;

public sealed partial class ImapCommandReader
{
    private sealed class AppendState(AppendCommand command)
    {
        public AppendCommand Command { get; } = command;

        public AppendMessageStream? Stream { get; set; }
    }

    private async ValueTask<ImapReadResult> BeginAppendAsync(AppendCommand head, LiteralMarker marker, CancellationToken cancellationToken)
    {
        ImapCommandError? refused = null;
        if (marker.NonSynchronizing && Limits.MaxNonSynchronizingLiteralSize is long maxNonSync && marker.Length > maxNonSync)
        {
            // RFC 7888 §4 (LITERAL-): BAD [TOOBIG], and the octets the client sends anyway are skipped.
            refused = new ImapCommandError(head.Tag, ImapErrorKind.NonSynchronizingLiteralTooLarge,
                $"Non-synchronizing literals are limited to {maxNonSync} octets (LITERAL-)");
        }
        else if (marker.Length > Limits.MaxAppendSize)
        {
            // RFC 7889 §3 (APPENDLIMIT) and RFC 9051 §7.1 TOOBIG: NO [TOOBIG].
            refused = new ImapCommandError(head.Tag, ImapErrorKind.AppendTooLarge,
                $"Message larger than the {Limits.MaxAppendSize} octets allowed");
        }
        if (refused is not null)
        {
            await DiscardAfterAsync(marker, cancellationToken);
            return ImapReadResult.FromError(refused);
        }
        _append = new AppendState(head);
        return ImapReadResult.FromCommand(head);
    }

    /// <summary>
    /// Accepts the message of the <see cref="AppendCommand"/> just read: sends the continuation request for a
    /// synchronizing literal, then returns a stream of exactly <see cref="ImapAppendLiteral.Length"/> octets
    /// read from the connection as the caller reads it (bounded memory). Then call <see cref="CompleteAppendAsync"/>.
    /// </summary>
    public async ValueTask<Stream> OpenAppendMessageAsync(CancellationToken cancellationToken = default)
    {
        AppendState state = _append ?? throw new InvalidOperationException("No APPEND is waiting for its message");
        if (state.Stream is not null)
            throw new InvalidOperationException("The APPEND message is already open");
        if (state.Command.Message.IsSynchronizing)
            await _host.SendContinuationAsync(cancellationToken);
        state.Stream = new AppendMessageStream(this, state.Command.Message.Length);
        return state.Stream;
    }

    /// <summary>
    /// Refuses the message of the <see cref="AppendCommand"/> just read (no such mailbox, over quota, too big
    /// for the user): a synchronizing literal is never sent, since no continuation was; a non-synchronizing one
    /// is skipped with the rest of the command. The session then answers the tagged NO.
    /// </summary>
    public async ValueTask RejectAppendMessageAsync(CancellationToken cancellationToken = default)
    {
        AppendState state = _append ?? throw new InvalidOperationException("No APPEND is waiting for its message");
        if (state.Stream is not null)
            throw new InvalidOperationException("The APPEND message is already open; complete it instead");
        _append = null;
        ImapAppendLiteral message = state.Command.Message;
        await DiscardAfterAsync(new LiteralMarker(0, message.Length, !message.IsSynchronizing, message.IsBinary), cancellationToken);
    }

    /// <summary>
    /// Ends the APPEND after its message stream was read (what the caller left unread is skipped): reads the
    /// rest of the command line, which must be empty, or ")" for the UTF8 form (RFC 6855 §4). Returns null
    /// when the command is complete and well formed (store the message, answer OK), else the error to answer
    /// (drop the message). MULTIAPPEND (RFC 3502) is not supported: a second message is refused.
    /// </summary>
    public async ValueTask<ImapCommandError?> CompleteAppendAsync(CancellationToken cancellationToken = default)
    {
        AppendState state = _append ?? throw new InvalidOperationException("No APPEND is in progress");
        AppendMessageStream stream = state.Stream ?? throw new InvalidOperationException("Open the APPEND message first");
        _append = null;
        string tag = state.Command.Tag;
        if (!await SkipAsync(stream.Remaining, cancellationToken))
            return new ImapCommandError(tag, ImapErrorKind.Syntax, "Connection closed inside APPEND");
        StartCommand();
        LineStatus status = await ReadLineAsync(store: true, cancellationToken);
        if (status == LineStatus.End)
            return new ImapCommandError(tag, ImapErrorKind.Syntax, "Connection closed inside APPEND");
        if (status == LineStatus.TooLong)
        {
            await DiscardAfterAsync(LiteralMarker.Find(Tail), cancellationToken);
            return new ImapCommandError(tag, ImapErrorKind.LineTooLong, $"Line longer than {Limits.MaxLineLength} octets");
        }
        ReadOnlySpan<byte> rest = _buffer.AsSpan(0, _length - 2);
        if (LiteralMarker.Find(rest) is LiteralMarker next)
        {
            await DiscardAfterAsync(next, cancellationToken);
            return new ImapCommandError(tag, ImapErrorKind.Syntax, "Only one message per APPEND (no MULTIAPPEND)");
        }
        ReadOnlySpan<byte> expected = state.Command.Message.IsUtf8 ? ")"u8 : ""u8;
        if (!rest.SequenceEqual(expected))
            return new ImapCommandError(tag, ImapErrorKind.Syntax, "Unexpected text after the APPEND message");
        return null;
    }
}
