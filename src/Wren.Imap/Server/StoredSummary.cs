using Wren.Mail.Summaries;

namespace Wren.Imap.Server;

/// <summary>
/// The one string form of a <see cref="MessageSummary"/> kept by the store (AppendRequest.Summary,
/// MessageEntry.Summary, Get/SetSummaryAsync): base64 of <see cref="MessageSummary.ToBytes"/>, so it round-trips
/// exactly. APPEND writes it; FETCH reads it.
/// </summary>
internal static class StoredSummary
{
    /// <summary>The string to store for <paramref name="summary"/>.</summary>
    public static string Encode(MessageSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return Convert.ToBase64String(summary.ToBytes());
    }

    /// <summary>
    /// The summary a stored string holds; null when there is none or it is unreadable (not base64, or a
    /// version this build does not know): the caller then builds it again from the content.
    /// </summary>
    public static MessageSummary? Decode(string? stored)
    {
        if (string.IsNullOrEmpty(stored))
            return null;
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(stored);
        }
        catch (FormatException)
        {
            return null;
        }
        try
        {
            return MessageSummary.Parse(bytes);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or IndexOutOfRangeException or OverflowException)
        {
            // Parse promises FormatException for corrupt bytes; the others guard against a corrupt column
            // that slips past its checks, which must cost a rebuild, never the FETCH.
            return null;
        }
    }
}
