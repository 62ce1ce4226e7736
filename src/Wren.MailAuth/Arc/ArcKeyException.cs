namespace Wren.MailAuth.Arc;

/// <summary>An ARC key could not be fetched; internal to chain validation, never seen by callers.</summary>
internal sealed class ArcKeyException(string message, bool temporary) : Exception(message)
{
    /// <summary>The failure may go away on retry (DNS SERVFAIL or timeout).</summary>
    public bool Temporary { get; } = temporary;
}
