using System.Diagnostics.CodeAnalysis;

namespace Wren.MailAuth.Results;

/// <summary>A parsed Authentication-Results field value (RFC 8601 §2.2).</summary>
/// <param name="AuthServId">The authentication service identifier, unquoted.</param>
/// <param name="Version">The authres-version, 1 when absent.</param>
/// <param name="Results">The resinfos; empty for <c>none</c>.</param>
public sealed record AuthenticationResultsField(string AuthServId, int Version, IReadOnlyList<AuthenticationResult> Results)
{
    private const string FieldName = "Authentication-Results";

    /// <summary>Parses the value of an Authentication-Results field (what follows the colon; a leading
    /// <c>Authentication-Results:</c> name is skipped too, and folding is allowed).</summary>
    /// <param name="value">The field value.</param>
    /// <param name="field">The parsed field, when the result is true.</param>
    /// <returns>False when the value does not follow the RFC 8601 §2.2 grammar.</returns>
    public static bool TryParse(string value, [NotNullWhen(true)] out AuthenticationResultsField? field)
    {
        ArgumentNullException.ThrowIfNull(value);
        field = null;
        var reader = new CfwsReader(SkipFieldName(value));
        if (!ReadAuthServId(reader, out string? id, out int version))
            return false;

        var results = new List<AuthenticationResult>();
        while (!reader.AtEnd)
        {
            // resinfo = [CFWS] ";" methodspec [ CFWS reasonspec ] [ CFWS 1*propspec ]
            if (reader.Peek != ';')
                return false;
            reader.Advance();
            var comments = new List<string>();
            if (!reader.SkipCfws(comments))
                return false;
            string method = reader.ReadWhile(IsKeywordChar);
            if (method.Length == 0)
                return false;
            if (!reader.SkipCfws(comments))
                return false;
            // no-result = [CFWS] ";" [CFWS] "none", only as the single result
            if (method.Equals("none", StringComparison.OrdinalIgnoreCase) && results.Count == 0 && (reader.AtEnd || reader.Peek != '=' && reader.Peek != '/'))
            {
                if (!reader.AtEnd)
                    return false;
                break;
            }
            if (reader.Peek == '/')
            {
                // method-version
                reader.Advance();
                if (!reader.SkipCfws(comments) || reader.ReadWhile(char.IsAsciiDigit).Length == 0 || !reader.SkipCfws(comments))
                    return false;
            }
            if (reader.Peek != '=')
                return false;
            reader.Advance();
            if (!reader.SkipCfws(comments))
                return false;
            string result = reader.ReadWhile(IsKeywordChar);
            if (result.Length == 0 || !reader.SkipCfws(comments))
                return false;

            string? reason = null;
            var properties = new List<AuthenticationProperty>();
            while (!reader.AtEnd && reader.Peek != ';')
            {
                string name = reader.ReadWhile(IsKeywordChar);
                if (name.Length == 0 || !reader.SkipCfws(comments))
                    return false;
                if (name.Equals("reason", StringComparison.OrdinalIgnoreCase) && reader.Peek == '=' && reason is null && properties.Count == 0)
                {
                    reader.Advance();
                    if (!reader.SkipCfws(comments) || reader.ReadValue() is not { } text || !reader.SkipCfws(comments))
                        return false;
                    reason = text;
                    continue;
                }
                // propspec = ptype [CFWS] "." [CFWS] property [CFWS] "=" pvalue
                if (reader.Peek != '.')
                    return false;
                reader.Advance();
                if (!reader.SkipCfws(comments))
                    return false;
                string property = reader.ReadWhile(c => HeaderValueSyntax.IsTokenChar(c) && c != '.');
                if (property.Length == 0 || !reader.SkipCfws(comments) || reader.Peek != '=')
                    return false;
                reader.Advance();
                if (!reader.SkipCfws(comments) || ReadPropertyValue(reader) is not { } pvalue || !reader.SkipCfws(comments))
                    return false;
                properties.Add(new AuthenticationProperty(name.ToLowerInvariant(), property.ToLowerInvariant(), pvalue));
            }
            results.Add(new AuthenticationResult(method.ToLowerInvariant(), result.ToLowerInvariant(), reason, properties, comments));
        }
        field = new AuthenticationResultsField(id!, version, results);
        return true;
    }

    /// <summary>
    /// RFC 8601 §5: true when the field's authserv-id is <paramref name="authServId"/>, so a border MTA must remove
    /// (or rename) it before adding its own. The authserv-id is the first value after any CFWS, compared without
    /// regard to case, quotes, a trailing dot or its U-label/A-label form; what follows (a version, results, or even
    /// garbage) does not matter, so a malformed field still claiming the id is caught.
    /// </summary>
    /// <param name="fieldValue">The value of an incoming Authentication-Results field.</param>
    /// <param name="authServId">Wren's own authserv-id.</param>
    public static bool ClaimsAuthServId(string fieldValue, string authServId)
    {
        ArgumentNullException.ThrowIfNull(fieldValue);
        ArgumentException.ThrowIfNullOrWhiteSpace(authServId);
        var reader = new CfwsReader(SkipFieldName(fieldValue));
        if (!reader.SkipCfws())
            return false;
        string? id = reader.ReadValue();
        if (id is null)
            return false;
        // The first value decides; whatever follows it (a version, results, garbage) does not save a field that names
        // our id: removing one too many is the safe side.
        return Normalize(id) is { } a && Normalize(authServId) is { } b && a == b;
    }

    /// <summary>RFC 8601 §5: removes every Authentication-Results field that claims <paramref name="authServId"/>
    /// (see <see cref="ClaimsAuthServId"/>) from <paramref name="headers"/>.</summary>
    /// <returns>How many fields were removed.</returns>
    public static int RemoveClaimingFields(MimeKit.HeaderList headers, string authServId)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var claiming = headers.Where(h => h.Field.Equals(FieldName, StringComparison.OrdinalIgnoreCase)
            && ClaimsAuthServId(System.Text.Encoding.UTF8.GetString(h.RawValue), authServId)).ToList();
        foreach (var header in claiming)
            headers.Remove(header);
        return claiming.Count;
    }

    private static bool ReadAuthServId(CfwsReader reader, out string? id, out int version)
    {
        version = 1;
        id = null;
        if (!reader.SkipCfws())
            return false;
        id = reader.ReadValue();
        if (id is null || !reader.SkipCfws())
            return false;
        // authres-version = 1*DIGIT [CFWS]
        string digits = reader.ReadWhile(char.IsAsciiDigit);
        if (digits.Length > 0)
        {
            if (!int.TryParse(digits, System.Globalization.CultureInfo.InvariantCulture, out version) || !reader.SkipCfws())
                return false;
        }
        return reader.Peek == ';';
    }

    // pvalue = [CFWS] ( value / [ [ local-part ] "@" ] domain-name ) [CFWS]
    private static string? ReadPropertyValue(CfwsReader reader)
    {
        string prefix = "";
        if (reader.Peek == '"')
        {
            if (reader.ReadQuotedString() is not { } quoted)
                return null;
            if (reader.Peek != '@')
                return quoted;
            prefix = "\"" + quoted + "\"";
        }
        string rest = reader.ReadWhile(c => c is not (' ' or '\t' or '\r' or '\n' or ';' or '(' or ')' or '"'));
        string value = prefix + rest;
        return value.Length > 0 ? value : null;
    }

    private static bool IsKeywordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '-';

    private static string SkipFieldName(string value)
    {
        string trimmed = value.TrimStart();
        if (trimmed.StartsWith(FieldName, StringComparison.OrdinalIgnoreCase))
        {
            string rest = trimmed[FieldName.Length..].TrimStart(' ', '\t');
            if (rest.StartsWith(':'))
                return rest[1..];
        }
        return value;
    }

    private static string? Normalize(string id)
    {
        string trimmed = id.Trim().TrimEnd('.');
        if (trimmed.Length == 0)
            return null;
        return PublicSuffix.DomainLabels.ToAscii(trimmed) ?? trimmed.ToLowerInvariant();
    }
}
