using Wren.Mail.Summaries;

namespace Wren.Imap.Server;

/// <summary>
/// The string form in which a <see cref="MessageSummary"/> is kept by the store (which treats it as opaque):
/// base64 of <see cref="MessageSummary.ToBytes"/>.
/// </summary>
internal static class StoredSummary
{
    /// <summary>The stored form of <paramref name="summary"/>.</summary>
    public static string Encode(MessageSummary summary) => Convert.ToBase64String(summary.ToBytes());

    /// <summary>
    /// The summary a stored string holds; null for null or for a string that is not one (garbled, or of an
    /// unknown version), so the caller rebuilds it from the message.
    /// </summary>
    public static MessageSummary? Decode(string? stored)
    {
        if (string.IsNullOrEmpty(stored))
            return null;
        try
        {
            return MessageSummary.Parse(Convert.FromBase64String(stored));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
