using System.Diagnostics.CodeAnalysis;

namespace Wren.MailAuth.Dmarc;

/// <summary>A parsed DMARC policy record (RFC 7489 §6.3, grammar in §6.4). Tags left out hold their defaults.</summary>
public sealed record DmarcRecord
{
    /// <summary>p=: what the domain owner asks for mail that fails (§6.3). <see cref="DmarcPolicy.None"/> also when
    /// p= was missing or invalid and a valid rua= made the record count as <c>p=none</c> (§6.6.3 step 6).</summary>
    public DmarcPolicy Policy { get; init; }

    /// <summary>sp=: the policy for subdomains of the Organizational Domain, or null when absent (p= then applies).</summary>
    public DmarcPolicy? SubdomainPolicy { get; init; }

    /// <summary>True when p= (or sp=) was missing or invalid and the record is read as <c>p=none</c> for the sake
    /// of its valid rua= (RFC 7489 §6.6.3 step 6).</summary>
    public bool PolicyWasInvalid { get; init; }

    /// <summary>adkim=: DKIM alignment mode, relaxed by default.</summary>
    public DmarcAlignmentMode DkimAlignment { get; init; } = DmarcAlignmentMode.Relaxed;

    /// <summary>aspf=: SPF alignment mode, relaxed by default.</summary>
    public DmarcAlignmentMode SpfAlignment { get; init; } = DmarcAlignmentMode.Relaxed;

    /// <summary>pct=: the percentage (0–100) of failing mail the policy applies to; 100 by default (§6.6.4).</summary>
    public int Percent { get; init; } = 100;

    /// <summary>rua=: where aggregate reports go (valid URIs only).</summary>
    public IReadOnlyList<DmarcReportUri> AggregateReportUris { get; init; } = [];

    /// <summary>ruf=: where failure reports go (valid URIs only).</summary>
    public IReadOnlyList<DmarcReportUri> FailureReportUris { get; init; } = [];

    /// <summary>fo=: failure reporting options (<c>0</c>, <c>1</c>, <c>d</c>, <c>s</c>), <c>["0"]</c> by default.</summary>
    public IReadOnlyList<string> FailureOptions { get; init; } = ["0"];

    /// <summary>rf=: failure report formats, <c>["afrf"]</c> by default.</summary>
    public IReadOnlyList<string> ReportFormats { get; init; } = ["afrf"];

    /// <summary>ri=: the requested aggregate report interval in seconds, 86400 by default.</summary>
    public uint ReportInterval { get; init; } = 86400;

    /// <summary>The policy for a message whose From domain is <paramref name="subdomain"/> of the record's
    /// Organizational Domain: sp= when given, else p= (§6.3).</summary>
    public DmarcPolicy PolicyFor(bool subdomain) => subdomain ? SubdomainPolicy ?? Policy : Policy;

    /// <summary>True when <paramref name="text"/> starts with the version tag <c>v=DMARC1</c>, the test record
    /// discovery applies before anything else (RFC 7489 §6.6.3 step 3: other TXT records are discarded).</summary>
    public static bool IsDmarcRecord(string text) => DmarcRecordParser.HasVersionTag(text);

    /// <summary>Parses a DMARC TXT record.</summary>
    /// <param name="text">The TXT record, its strings concatenated.</param>
    /// <param name="record">The record, when the result is true.</param>
    /// <param name="error">Why the record is unusable (no v=DMARC1 first, or no valid p= and no valid rua=).</param>
    /// <returns>True for a usable record. Invalid values of other tags do not fail it: they keep their defaults (§6.3).</returns>
    public static bool TryParse(string text, [NotNullWhen(true)] out DmarcRecord? record, [NotNullWhen(false)] out string? error) =>
        DmarcRecordParser.TryParse(text, out record, out error);
}
