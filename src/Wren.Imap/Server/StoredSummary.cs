using Wren.Mail.Summaries;

namespace Wren.Imap.Server;

/// <summary>
/// The string form in which a <see cref="MessageSummary"/> is kept by the store (which treats it as opaque),
/// shared with SMTP delivery: <see cref="MessageSummary.ToStoredText"/> (base64 of the compact binary form).
/// </summary>
internal static class StoredSummary
{
    /// <summary>The stored form of <paramref name="summary"/>.</summary>
    public static string Encode(MessageSummary summary) => summary.ToStoredText();

    /// <summary>
    /// The summary a stored string holds; null for null or for a string that is not one (garbled, or of an
    /// unknown version), so the caller rebuilds it from the message.
    /// </summary>
    public static MessageSummary? Decode(string? stored) => MessageSummary.TryParseStoredText(stored);
}
