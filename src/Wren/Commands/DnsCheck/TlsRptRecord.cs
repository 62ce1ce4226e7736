using System.Diagnostics.CodeAnalysis;

namespace Wren.Cli.Commands.DnsCheck;

/// <summary>The SMTP TLS Reporting record at <c>_smtp._tls.DOMAIN</c> (RFC 8460 §3).</summary>
/// <param name="ReportUris">The rua= URIs: <c>mailto:</c> or <c>https:</c>.</param>
public sealed record TlsRptRecord(IReadOnlyList<Uri> ReportUris)
{
    /// <summary>RFC 8460 §3: records not starting with <c>v=TLSRPTv1</c> (then <c>;</c>, after optional blanks) are discarded.</summary>
    public static bool IsTlsRptRecord(string text) =>
        text.StartsWith("v=TLSRPTv1", StringComparison.Ordinal) && text[10..].TrimStart(' ', '\t') is var rest && (rest.Length == 0 || rest[0] == ';');

    /// <summary>Parses a record by the ABNF of RFC 8460 §3; on failure <paramref name="error"/> says why.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out TlsRptRecord? record, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        record = null;
        if (!IsTlsRptRecord(text))
            return Fail("it does not start with v=TLSRPTv1;", out error);
        // tlsrpt-record = tlsrpt-version 1*(field-delim tlsrpt-field) [field-delim]; field-delim = *WSP ";" *WSP
        string[] fields = text.Split(';');
        var uris = new List<Uri>();
        bool rua = false;
        for (int i = 1; i < fields.Length; i++)
        {
            string field = fields[i].Trim(' ', '\t');
            if (field.Length == 0)
            {
                if (i == fields.Length - 1 && i > 1)
                    break;
                return Fail("empty field", out error);
            }
            int equals = field.IndexOf('=');
            if (equals <= 0)
                return Fail($"'{field}' is not name=value", out error);
            if (field[..equals] != "rua")
                continue; // tlsrpt-extension: ignored
            if (rua)
                return Fail("rua= given twice", out error);
            rua = true;
            // tlsrpt-rua = %s"rua=" tlsrpt-uri *(*WSP "," *WSP tlsrpt-uri); only mailto: and https: (§3).
            foreach (string part in field[(equals + 1)..].Split(','))
            {
                string value = part.Trim(' ', '\t');
                if (!Uri.TryCreate(value, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeMailto && uri.Scheme != Uri.UriSchemeHttps))
                    return Fail($"rua '{value}' is not a mailto: or https: URI", out error);
                uris.Add(uri);
            }
        }
        if (!rua)
            return Fail("no rua= (where reports go)", out error);
        record = new TlsRptRecord(uris);
        error = null;
        return true;
    }

    private static bool Fail(string message, out string error)
    {
        error = message;
        return false;
    }
}
