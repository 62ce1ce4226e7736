namespace Wren.Delivery.Outbound.TlsPolicy;

/// <summary>The <c>_mta-sts.&lt;domain&gt;</c> TXT record (RFC 8461 §3.1): announces a policy and its id.</summary>
/// <param name="Id">The policy id; a new id means the policy file changed (RFC 8461 §5.1).</param>
public sealed record MtaStsRecord(string Id)
{
    /// <summary>
    /// RFC 8461 §3.1: of the TXT records at <c>_mta-sts</c>, those not starting with <c>v=STSv1</c> are
    /// discarded; unless exactly one remains and it is valid, the domain has no MTA-STS policy (null).
    /// </summary>
    public static MtaStsRecord? Select(IEnumerable<string> txtRecords)
    {
        var candidates = txtRecords.Where(StartsWithVersion).ToList();
        return candidates.Count == 1 ? Parse(candidates[0]) : null;
    }

    /// <summary>Parses one record strictly by the ABNF of RFC 8461 §3.1; null when invalid.</summary>
    public static MtaStsRecord? Parse(string text)
    {
        if (!StartsWithVersion(text))
            return null;
        // sts-text-record = sts-version 1*(sts-field-delim sts-field) [sts-field-delim]
        // sts-field-delim = *WSP ";" *WSP
        string[] parts = text.Split(';');
        if (parts[0].TrimEnd(' ', '\t') != "v=STSv1")
            return null;
        string? id = null;
        int fields = 0;
        for (int i = 1; i < parts.Length; i++)
        {
            string field = parts[i].Trim(' ', '\t');
            if (field.Length == 0)
            {
                // Only the optional final delimiter may leave an empty field behind.
                if (i == parts.Length - 1 && fields > 0)
                    break;
                return null;
            }
            int eq = field.IndexOf('=');
            if (eq <= 0)
                return null;
            string name = field[..eq], value = field[(eq + 1)..];
            if (name == "id")
            {
                // sts-id = %s"id=" 1*32(ALPHA / DIGIT); a second id makes the record ambiguous.
                if (id is not null || value.Length is 0 or > 32 || !value.All(char.IsAsciiLetterOrDigit))
                    return null;
                id = value;
            }
            else if (!IsExtensionName(name) || value.Length == 0 || !value.All(c => c is >= '!' and <= '~' and not ';' and not '='))
            {
                return null; // sts-extension = sts-ext-name "=" sts-ext-value
            }
            fields++;
        }
        return id is null ? null : new MtaStsRecord(id);
    }

    private static bool StartsWithVersion(string text) =>
        text.StartsWith("v=STSv1", StringComparison.Ordinal)
        && (text.Length == 7 || text[7] is ';' or ' ' or '\t');

    private static bool IsExtensionName(string name) =>
        name.Length is >= 1 and <= 32 && char.IsAsciiLetterOrDigit(name[0])
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');
}
