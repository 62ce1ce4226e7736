namespace Wren.Imap.Protocol;

/// <summary>What <see cref="ImapCommandReader.ReadCommandAsync"/> read: a command, an error to answer, or the end.</summary>
public sealed class ImapReadResult
{
    private ImapReadResult(ImapCommand? command, ImapCommandError? error)
    {
        Command = command;
        Error = error;
    }

    /// <summary>The client closed the connection (a partly sent command is dropped).</summary>
    public static ImapReadResult EndOfInput { get; } = new(null, null);

    /// <summary>The command, when one was read (an <see cref="UnknownCommand"/> included).</summary>
    public ImapCommand? Command { get; }

    /// <summary>The error to answer, when the command was refused; its bytes are consumed.</summary>
    public ImapCommandError? Error { get; }

    /// <summary>True at the end of input.</summary>
    public bool IsEndOfInput => Command is null && Error is null;

    /// <summary>A command.</summary>
    public static ImapReadResult FromCommand(ImapCommand command) => new(command, null);

    /// <summary>An error.</summary>
    public static ImapReadResult FromError(ImapCommandError error) => new(null, error);

    /// <inheritdoc />
    public override string ToString() => Command?.ToString() ?? Error?.ToString() ?? "end of input";
}
