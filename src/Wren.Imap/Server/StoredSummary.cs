using Wren.Mail.Summaries;

namespace Wren.Imap.Server;

/// <summary>
/// The string form in which the store keeps a message's <see cref="MessageSummary"/> (opaque to the store):
/// base64 of <see cref="MessageSummary.ToBytes"/>.
/// </summary>
internal static class StoredSummary
{
    /// <summary>The stored form of <paramref name="summary"/>.</summary>
    public static string Encode(MessageSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return Convert.ToBase64String(summary.ToBytes());
    }

    /// <summary>The summary kept as <paramref name="stored"/>; null when there is none or it cannot be read (then it is rebuilt).</summary>
    public static MessageSummary? Decode(string? stored)
    {
        if (string.IsNullOrEmpty(stored))
            return null;
        try
        {
            return MessageSummary.Parse(Convert.FromBase64String(stored));
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or OverflowException or IndexOutOfRangeException
            or InvalidOperationException or EndOfStreamException)
        {
            // Garbled (or of an unknown version): the caller rebuilds it from the message.
            return null;
        }
    }
}
