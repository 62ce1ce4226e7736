namespace Wren.Bench.Imap;

/// <summary>What kind of response line a server sent (RFC 9051 §2.2.2, §7).</summary>
internal enum ImapResponseKind
{
    /// <summary><c>* …</c>: untagged data or status.</summary>
    Untagged,

    /// <summary><c>TAG OK|NO|BAD …</c>: the end of a command.</summary>
    Tagged,

    /// <summary><c>+ …</c>: a command continuation request.</summary>
    Continuation,
}

/// <summary>
/// One server response as the bench needs it: its kind, its tag or leading number and keyword
/// (<c>* 12 FETCH</c>, <c>* 3 EXISTS</c>, <c>* SEARCH</c>, <c>A1 OK</c>) and its text with the literals left out
/// (their <c>{n}</c> markers stay); literal octets are only counted, never kept.
/// </summary>
internal sealed class ImapResponse
{
    /// <summary>Untagged, tagged or continuation.</summary>
    public required ImapResponseKind Kind { get; init; }

    /// <summary>The tag of a tagged response; null otherwise.</summary>
    public string? Tag { get; init; }

    /// <summary>The number of <c>* n KEYWORD</c> (EXISTS, EXPUNGE, FETCH); null when the response has none.</summary>
    public long? Number { get; init; }

    /// <summary>
    /// The keyword, upper case: <c>OK</c>/<c>NO</c>/<c>BAD</c>/<c>BYE</c>/<c>PREAUTH</c> for status responses,
    /// otherwise the data name (<c>FETCH</c>, <c>EXISTS</c>, <c>SEARCH</c>, <c>CAPABILITY</c>…); empty for a continuation.
    /// </summary>
    public required string Keyword { get; init; }

    /// <summary>The whole response without its literals' contents and without the final CRLF.</summary>
    public required string Text { get; init; }

    /// <summary>How many literals the response carried.</summary>
    public int Literals { get; init; }

    /// <summary>Octets carried in literals.</summary>
    public long LiteralOctets { get; init; }

    /// <summary>True for a tagged OK.</summary>
    public bool IsOk => Kind == ImapResponseKind.Tagged && Keyword == "OK";

    /// <summary>The text after the tag/number and keyword, for messages ("[CANNOT] APPEND is not implemented").</summary>
    public string Rest
    {
        get
        {
            int at = Text.IndexOf(Keyword, StringComparison.OrdinalIgnoreCase);
            return at < 0 ? Text : Text[(at + Keyword.Length)..].Trim();
        }
    }

    /// <inheritdoc />
    public override string ToString() => Text.Length > 300 ? Text[..300] + "…" : Text;
}
