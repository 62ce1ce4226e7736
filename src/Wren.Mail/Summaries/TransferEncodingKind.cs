namespace Wren.Mail.Summaries;

/// <summary>How a part's content must be decoded for FETCH BINARY (RFC 3516).</summary>
public enum TransferEncodingKind
{
    /// <summary>7bit, 8bit, binary or none: the content is sent as stored.</summary>
    Identity,
    /// <summary>base64 (RFC 2045 §6.8).</summary>
    Base64,
    /// <summary>quoted-printable (RFC 2045 §6.7).</summary>
    QuotedPrintable,
    /// <summary>Any other encoding: RFC 3516 §4.3 answers NO [UNKNOWN-CTE].</summary>
    Unknown,
}
