namespace Wren.Imap.Protocol;

/// <summary>
/// The only exception the command parser throws: the command's bytes are not a valid command. The reader
/// turns it into an <see cref="ImapCommandError"/>; the message is fit to send after BAD or NO.
/// </summary>
public sealed class ImapParseException : Exception
{
    /// <summary>A syntax error.</summary>
    public ImapParseException(string message)
        : this(ImapErrorKind.Syntax, message)
    {
    }

    /// <summary>An error of a given kind.</summary>
    public ImapParseException(ImapErrorKind kind, string message)
        : base(message)
    {
        Kind = kind;
    }

    /// <summary>What went wrong, which decides the response.</summary>
    public ImapErrorKind Kind { get; }
}
