namespace Wren.Imap.Protocol;

/// <summary>Threading algorithms (RFC 5256 §2). Any other name is a parse error (BAD).</summary>
public enum ThreadAlgorithm
{
    /// <summary>ORDEREDSUBJECT (RFC 5256 §2.1).</summary>
    OrderedSubject,

    /// <summary>REFERENCES (RFC 5256 §2.2).</summary>
    References,
}
