namespace Wren.Store.Messages;

/// <summary>
/// IMAP keywords (RFC 9051 §2.3.2 flag-keyword = atom): stored per message as a space-separated list,
/// compared case-insensitively, kept in the spelling first used in the mailbox.
/// </summary>
internal static class Keywords
{
    /// <summary>Longest keyword accepted.</summary>
    public const int MaxLength = 128;

    /// <summary>Most keywords on one message.</summary>
    public const int MaxPerMessage = 64;

    /// <summary>The comparison keywords use.</summary>
    public static readonly StringComparer Comparer = StringComparer.OrdinalIgnoreCase;

    /// <summary>Checks each keyword is an atom; throws <see cref="MailStoreException"/> (InvalidKeyword) if not. Returns them distinct.</summary>
    public static IReadOnlyList<string> Validate(IEnumerable<string>? keywords)
    {
        if (keywords is null)
            return [];
        var distinct = new List<string>();
        foreach (string keyword in keywords)
        {
            if (!IsAtom(keyword))
                throw new MailStoreException(MailStoreError.InvalidKeyword, $"'{keyword}' is not a valid keyword.");
            if (!distinct.Contains(keyword, Comparer))
                distinct.Add(keyword);
        }
        if (distinct.Count > MaxPerMessage)
            throw new MailStoreException(MailStoreError.InvalidKeyword, $"More than {MaxPerMessage} keywords on one message.");
        return distinct;
    }

    /// <summary>
    /// RFC 9051 §9: atom = 1*ATOM-CHAR, ATOM-CHAR = any 7-bit CHAR except "(" ")" "{" SP CTL "%" "*" DQUOTE "\" "]".
    /// A leading "\" would make it a system flag, which is not a keyword.
    /// </summary>
    public static bool IsAtom(string? keyword) =>
        keyword is { Length: > 0 and <= MaxLength }
        && keyword.All(c => c is > ' ' and < '\x7f' and not ('(' or ')' or '{' or '%' or '*' or '"' or '\\' or ']'));

    /// <summary>The stored form.</summary>
    public static string Join(IEnumerable<string> keywords) => string.Join(' ', keywords);

    /// <summary>Parses the stored form.</summary>
    public static IReadOnlyList<string> Parse(string stored) =>
        stored.Length == 0 ? [] : stored.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
