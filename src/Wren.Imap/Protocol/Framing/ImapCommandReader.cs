using System.IO.Pipelines;

namespace Wren.Imap.Protocol;

/// <summary>
/// Reads IMAP commands from a client connection (RFC 9051 §2.2, §4.3): one complete command at a time, the
/// command line plus its literals, within <see cref="ImapLimits"/>. Synchronizing literals get their
/// continuation request through <see cref="IImapReaderHost"/> before their octets are awaited;
/// non-synchronizing ones (LITERAL+/LITERAL-, RFC 7888) and literal8 (RFC 3516) are read as they come. An
/// APPEND message is not buffered: the reader stops at its literal and the session streams it (see
/// <see cref="OpenAppendMessageAsync"/>). Refused input never throws and never desynchronizes the
/// connection: the reader consumes exactly the refused command's bytes and returns an error to answer.
/// </summary>
/// <remarks>
/// One reader per connection, used by one session loop (not thread-safe). After STARTTLS or COMPRESS, make a
/// new reader over the new transport's <see cref="PipeReader"/>. Transport failures surface as the
/// <see cref="PipeReader"/>'s own exceptions (<see cref="IOException"/>, <see cref="OperationCanceledException"/>).
/// </remarks>
public sealed partial class ImapCommandReader
{
    private const int InitialBufferSize = 4096;
    private const int KeptBufferSize = 64 * 1024;

    private readonly PipeReader _input;
    private readonly IImapReaderHost _host;
    private byte[] _buffer = new byte[InitialBufferSize];
    private int _length;
    private bool _needMoreInput;
    private AppendState? _append;

    /// <summary>Reads from <paramref name="input"/>.</summary>
    /// <param name="input">The connection's input.</param>
    /// <param name="host">Sends continuations and flushes replies for the reader.</param>
    /// <param name="limits">The limits; <see cref="ImapLimits.Default"/> when null.</param>
    public ImapCommandReader(PipeReader input, IImapReaderHost host, ImapLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(host);
        _input = input;
        _host = host;
        Limits = limits ?? ImapLimits.Default;
        Options = new ImapParseOptions { Limits = Limits };
    }

    /// <summary>The command buffer's size, for tests that check memory stays bounded.</summary>
    internal int BufferCapacity => _buffer.Length;

    /// <summary>The limits in force.</summary>
    public ImapLimits Limits { get; }

    /// <summary>How commands are parsed; change it when the session state changes (ENABLE).</summary>
    public ImapParseOptions Options { get; set; }

    /// <summary>
    /// Mailbox names in UTF-8 rather than modified UTF-7: set once the client enabled UTF8=ACCEPT (RFC 6855)
    /// or IMAP4rev2 (RFC 9051 §5.1).
    /// </summary>
    public bool Utf8MailboxNames
    {
        get => Options.Utf8MailboxNames;
        set => Options = Options with { Utf8MailboxNames = value };
    }

    /// <summary>
    /// Reads the next command. Returns the parsed command (possibly an <see cref="UnknownCommand"/>), an
    /// error to answer (the command's bytes are consumed and the connection is ready for the next one), or
    /// <see cref="ImapReadResult.EndOfInput"/>. After an <see cref="AppendCommand"/>, finish it first with
    /// <see cref="OpenAppendMessageAsync"/> / <see cref="CompleteAppendAsync"/> or <see cref="RejectAppendMessageAsync"/>.
    /// </summary>
    public async ValueTask<ImapReadResult> ReadCommandAsync(CancellationToken cancellationToken = default)
    {
        if (_append is not null)
            throw new InvalidOperationException("The APPEND message must be completed or rejected first");
        StartCommand();
        string? tag = null;
        while (true)
        {
            int lineStart = _length;
            LineStatus status = await ReadLineAsync(store: true, cancellationToken);
            if (status == LineStatus.End)
                return ImapReadResult.EndOfInput;
            if (lineStart == 0)
                tag = status == LineStatus.TooLong ? _tooLongTag : ImapCommandParser.TryReadTag(_buffer.AsSpan(0, _length));
            if (status == LineStatus.TooLong)
            {
                await DiscardAfterAsync(LiteralMarker.Find(Tail), cancellationToken);
                return Error(tag, ImapErrorKind.LineTooLong, $"Line longer than {Limits.MaxLineLength} octets");
            }

            ReadOnlySpan<byte> line = _buffer.AsSpan(lineStart, _length - lineStart - 2);
            LiteralMarker? found = LiteralMarker.Find(line);
            if (_length > Limits.MaxCommandSize)
            {
                await DiscardAfterAsync(found, cancellationToken);
                return Error(tag, ImapErrorKind.CommandTooLarge, $"Command longer than {Limits.MaxCommandSize} octets");
            }
            if (found is not LiteralMarker marker)
            {
                if (_length == 2)
                    return Error(null, ImapErrorKind.Syntax, "Empty command line");
                return Parse(tag);
            }

            // RFC 4466 §2.3 / RFC 3516 §4.4: the APPEND message literal is streamed, not buffered.
            ImapCommandParser.AppendHeadKind kind;
            AppendCommand? head;
            try
            {
                kind = ImapCommandParser.TryParseAppendHead(_buffer.AsSpan(0, _length), lineStart + marker.Start, Options, out head);
            }
            catch (ImapParseException ex)
            {
                await DiscardAfterAsync(marker, cancellationToken);
                return Error(tag, ex.Kind, ex.Message);
            }
            if (kind == ImapCommandParser.AppendHeadKind.Message)
                return await BeginAppendAsync(head!, marker, cancellationToken);

            ImapCommandError? refused = CheckLiteral(tag, marker);
            if (refused is not null)
            {
                await DiscardAfterAsync(marker, cancellationToken);
                return ImapReadResult.FromError(refused);
            }
            // RFC 9051 §7.5: the client sends a synchronizing literal's octets only after "+".
            if (!marker.NonSynchronizing)
                await _host.SendContinuationAsync(cancellationToken);
            if (!await ReadLiteralIntoBufferAsync((int)marker.Length, cancellationToken))
                return ImapReadResult.EndOfInput;
        }
    }

    /// <summary>
    /// During IDLE, reads the line that ends it (RFC 9051 §6.3.13: "DONE", any case). Cancel the token to stop
    /// waiting; the reader stays usable.
    /// </summary>
    public async ValueTask<ImapIdleEnd> ReadIdleDoneAsync(CancellationToken cancellationToken = default)
    {
        StartCommand();
        LineStatus status = await ReadLineAsync(store: true, cancellationToken);
        if (status == LineStatus.End)
            return ImapIdleEnd.EndOfInput;
        if (status == LineStatus.TooLong)
        {
            await DiscardAfterAsync(LiteralMarker.Find(Tail), cancellationToken);
            return ImapIdleEnd.Invalid;
        }
        ReadOnlySpan<byte> line = _buffer.AsSpan(0, _length - 2);
        if (System.Text.Ascii.EqualsIgnoreCase(line, "DONE"u8))
            return ImapIdleEnd.Done;
        await DiscardAfterAsync(LiteralMarker.Find(line), cancellationToken);
        return ImapIdleEnd.Invalid;
    }

    /// <summary>
    /// During AUTHENTICATE, reads the client's response to a challenge: one line of BASE64, or "*" to cancel
    /// (RFC 9051 §6.2.2).
    /// </summary>
    public async ValueTask<ImapSaslResponse> ReadSaslResponseAsync(CancellationToken cancellationToken = default)
    {
        StartCommand();
        LineStatus status = await ReadLineAsync(store: true, cancellationToken);
        if (status == LineStatus.End)
            return new ImapSaslResponse(ImapSaslResponseKind.EndOfInput, null);
        if (status == LineStatus.TooLong)
            return new ImapSaslResponse(ImapSaslResponseKind.Invalid, null);
        ReadOnlySpan<byte> line = _buffer.AsSpan(0, _length - 2);
        if (line.SequenceEqual("*"u8))
            return new ImapSaslResponse(ImapSaslResponseKind.Cancelled, null);
        try
        {
            return new ImapSaslResponse(ImapSaslResponseKind.Data, ImapTokenizer.DecodeBase64(line));
        }
        catch (ImapParseException)
        {
            return new ImapSaslResponse(ImapSaslResponseKind.Invalid, null);
        }
    }

    private ImapReadResult Parse(string? tag)
    {
        try
        {
            return ImapReadResult.FromCommand(ImapCommandParser.Parse(_buffer.AsSpan(0, _length), Options));
        }
        catch (ImapParseException ex)
        {
            return Error(tag, ex.Kind, ex.Message);
        }
    }

    private ImapCommandError? CheckLiteral(string? tag, LiteralMarker marker)
    {
        // RFC 7888 §4 (LITERAL-): a non-synchronizing literal over 4096 octets is refused with BAD [TOOBIG].
        if (marker.NonSynchronizing && Limits.MaxNonSynchronizingLiteralSize is long maxNonSync && marker.Length > maxNonSync)
            return new ImapCommandError(tag, ImapErrorKind.NonSynchronizingLiteralTooLarge,
                $"Non-synchronizing literals are limited to {maxNonSync} octets (LITERAL-)");
        if (marker.Length > Limits.MaxLiteralSize)
            return new ImapCommandError(tag, ImapErrorKind.LiteralTooLarge, $"Literal larger than {Limits.MaxLiteralSize} octets");
        if (_length + marker.Length > Limits.MaxCommandSize)
            return new ImapCommandError(tag, ImapErrorKind.CommandTooLarge, $"Command longer than {Limits.MaxCommandSize} octets");
        return null;
    }

    private static ImapReadResult Error(string? tag, ImapErrorKind kind, string message) =>
        ImapReadResult.FromError(new ImapCommandError(tag, kind, message));

    private void StartCommand()
    {
        // A big command's buffer is not kept: an idle connection costs little memory.
        if (_buffer.Length > KeptBufferSize)
            _buffer = new byte[InitialBufferSize];
        _length = 0;
    }
}
