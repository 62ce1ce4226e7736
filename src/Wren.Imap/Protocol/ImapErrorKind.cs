namespace Wren.Imap.Protocol;

/// <summary>Why a command was refused before it reached the session.</summary>
public enum ImapErrorKind
{
    /// <summary>The command does not follow the grammar (RFC 9051 §9): tagged BAD.</summary>
    Syntax,

    /// <summary>A line was over <see cref="ImapLimits.MaxLineLength"/>: BAD [TOOBIG].</summary>
    LineTooLong,

    /// <summary>A literal was over <see cref="ImapLimits.MaxLiteralSize"/>: BAD [TOOBIG].</summary>
    LiteralTooLarge,

    /// <summary>
    /// A non-synchronizing literal was over <see cref="ImapLimits.MaxNonSynchronizingLiteralSize"/>:
    /// BAD [TOOBIG] (RFC 7888 §4, LITERAL-).
    /// </summary>
    NonSynchronizingLiteralTooLarge,

    /// <summary>The whole command was over <see cref="ImapLimits.MaxCommandSize"/>: BAD [TOOBIG].</summary>
    CommandTooLarge,

    /// <summary>An APPEND message was over <see cref="ImapLimits.MaxAppendSize"/>: NO [TOOBIG] (RFC 7889 §3).</summary>
    AppendTooLarge,

    /// <summary>Search criteria or lists nested deeper than <see cref="ImapLimits.MaxNestingDepth"/>: BAD [LIMIT].</summary>
    NestingTooDeep,

    /// <summary>SEARCH/SORT/THREAD named a charset the server cannot decode: NO [BADCHARSET] (RFC 9051 §6.4.4).</summary>
    BadCharset,

    /// <summary>
    /// A mailbox name that is not valid modified UTF-7 (RFC 3501 §5.1.3) or UTF-8: NO, as Dovecot answers;
    /// the command was well formed, the name cannot exist.
    /// </summary>
    InvalidMailboxName,
}
