using MimeKit;

namespace Wren.MailAuth.Dkim;

/// <summary>
/// Which header fields Wren signs (RFC 6376 §5.4, §5.4.1 and §8.15), as h= lists them.
/// </summary>
/// <remarks>
/// Signed when present: the fields a reader sees or a client threads by (From, To, Cc, Subject, Date,
/// Message-ID, Reply-To, Sender, In-Reply-To, References), those that say how to read the body
/// (MIME-Version, Content-Type, Content-Transfer-Encoding, Content-Disposition, Content-Language) and every
/// List-* field (RFC 2369, RFC 8058 List-Unsubscribe-Post). Oversigned — listed once more than they occur, so
/// that adding another instance breaks the signature (RFC 6376 §8.15) — From, To, Cc, Subject, Date,
/// Reply-To and Sender, even when absent. Trace and changeable fields (Received, Return-Path, DKIM-Signature,
/// Authentication-Results, Bcc) are never signed.
/// </remarks>
public static class DkimSignedHeaders
{
    /// <summary>Signed as often as they occur, plus once.</summary>
    public static IReadOnlyList<string> Oversigned { get; } =
        ["From", "To", "Cc", "Subject", "Date", "Reply-To", "Sender"];

    /// <summary>Signed as often as they occur.</summary>
    public static IReadOnlyList<string> SignedWhenPresent { get; } =
        ["Message-ID", "In-Reply-To", "References", "MIME-Version", "Content-Type", "Content-Transfer-Encoding",
         "Content-Disposition", "Content-Language"];

    /// <summary>The h= list for <paramref name="message"/>: every instance present, oversigned fields once more.</summary>
    public static IReadOnlyList<string> For(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var names = new List<string>();
        foreach (string name in Oversigned)
            names.AddRange(Enumerable.Repeat(name, Count(message, name) + 1));
        foreach (string name in SignedWhenPresent)
            names.AddRange(Enumerable.Repeat(name, Count(message, name)));
        foreach (string name in message.Headers.Select(h => h.Field)
                     .Where(f => f.StartsWith("List-", StringComparison.OrdinalIgnoreCase))
                     .Distinct(StringComparer.OrdinalIgnoreCase))
            names.AddRange(Enumerable.Repeat(name, Count(message, name)));
        return names;
    }

    private static int Count(MimeMessage message, string name) =>
        message.Headers.Count(h => h.Field.Equals(name, StringComparison.OrdinalIgnoreCase));
}
