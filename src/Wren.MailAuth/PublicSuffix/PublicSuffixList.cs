using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;

namespace Wren.MailAuth.PublicSuffix;

/// <summary>
/// The Public Suffix List (publicsuffix.org, the format described at publicsuffix.org/list): which names are
/// registries under which anyone may register, so that DMARC can find a domain's Organizational Domain
/// (RFC 7489 §3.2). Rules and names are compared as lower-case IDNA A-labels. Both list sections (ICANN and
/// PRIVATE) count unless <see cref="PublicSuffixSections"/> says otherwise. Immutable and thread-safe.
/// </summary>
public sealed class PublicSuffixList
{
    /// <summary>Where Debian's <c>publicsuffix</c> package installs the list.</summary>
    public const string DebianPath = "/usr/share/publicsuffix/public_suffix_list.dat";

    private readonly HashSet<string> _rules;      // "co.uk": the name itself is a public suffix
    private readonly HashSet<string> _wildcards;  // "kawasaki.jp" for "*.kawasaki.jp": every child is one
    private readonly HashSet<string> _exceptions; // "city.kawasaki.jp" for "!city.kawasaki.jp": not one

    private PublicSuffixList(HashSet<string> rules, HashSet<string> wildcards, HashSet<string> exceptions, string source)
    {
        _rules = rules;
        _wildcards = wildcards;
        _exceptions = exceptions;
        Source = source;
    }

    /// <summary>
    /// A list with no rules, so that only the list's default rule <c>*</c> applies: the public suffix is the last
    /// label and the Organizational Domain the last two. Wren falls back to it when no list file can be read. It is
    /// right for <c>example.com</c> but too lenient under multi-label suffixes: <c>a.co.uk</c> and <c>b.co.uk</c>
    /// share the Organizational Domain <c>co.uk</c>, so relaxed alignment lets them vouch for each other.
    /// </summary>
    public static PublicSuffixList DefaultRuleOnly { get; } = new([], [], [], "default rule only");

    /// <summary>How many rules (normal, wildcard and exception) the list holds.</summary>
    public int RuleCount => _rules.Count + _wildcards.Count + _exceptions.Count;

    /// <summary>True for <see cref="DefaultRuleOnly"/> or an empty file: only the default rule <c>*</c> applies.</summary>
    public bool IsDefaultRuleOnly => RuleCount == 0;

    /// <summary>Where the rules came from (a file path, "reader", or "default rule only"), for logs.</summary>
    public string Source { get; }

    /// <summary>Reads the list file at <paramref name="path"/> (UTF-8).</summary>
    /// <param name="path">The file, e.g. <see cref="DebianPath"/>.</param>
    /// <param name="sections">Which sections count; both by default.</param>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static PublicSuffixList Load(string path, PublicSuffixSections sections = PublicSuffixSections.All)
    {
        using var reader = new StreamReader(path, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Parse(reader, sections, path);
    }

    /// <summary>
    /// Reads the list at <paramref name="path"/>, or returns <see cref="DefaultRuleOnly"/> (and logs a warning)
    /// when it is missing or unreadable, so that a server without the file still runs DMARC, less strictly.
    /// </summary>
    /// <param name="path">The file, e.g. <see cref="DebianPath"/>.</param>
    /// <param name="logger">Where the warning goes; none when null.</param>
    /// <param name="sections">Which sections count; both by default.</param>
    public static PublicSuffixList LoadOrDefaultRule(string path, ILogger? logger = null, PublicSuffixSections sections = PublicSuffixSections.All)
    {
        try
        {
            return Load(path, sections);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger?.LogWarning(
                "Public Suffix List {Path} not readable ({Error}); DMARC uses the default rule only (organizational domain = last two labels)",
                path, e.Message);
            return DefaultRuleOnly;
        }
    }

    /// <summary>Parses the list format: one rule per line, read up to the first white space; <c>//</c> comments;
    /// <c>*.</c> wildcards (leftmost label only) and <c>!</c> exceptions; the ICANN and PRIVATE section markers.
    /// Lines that are not valid rules are skipped.</summary>
    /// <param name="reader">The list text.</param>
    /// <param name="sections">Which sections count; both by default. Rules outside both markers count as ICANN.</param>
    public static PublicSuffixList Parse(TextReader reader, PublicSuffixSections sections = PublicSuffixSections.All) =>
        Parse(reader, sections, "reader");

    private static PublicSuffixList Parse(TextReader reader, PublicSuffixSections sections, string source)
    {
        HashSet<string> rules = new(StringComparer.Ordinal), wildcards = new(StringComparer.Ordinal), exceptions = new(StringComparer.Ordinal);
        PublicSuffixSections current = PublicSuffixSections.Icann;
        while (reader.ReadLine() is { } line)
        {
            string text = line.Trim();
            if (text.StartsWith("//", StringComparison.Ordinal))
            {
                if (text.Contains("===BEGIN PRIVATE DOMAINS===", StringComparison.Ordinal))
                    current = PublicSuffixSections.Private;
                else if (text.Contains("===BEGIN ICANN DOMAINS===", StringComparison.Ordinal) || text.Contains("===END", StringComparison.Ordinal))
                    current = PublicSuffixSections.Icann;
                continue;
            }
            int space = text.IndexOfAny([' ', '\t']);
            if (space >= 0)
                text = text[..space];
            if (text.Length == 0 || (sections & current) == 0)
                continue;
            if (text.StartsWith('!'))
            {
                if (DomainLabels.ToAscii(text[1..]) is { } name && name.Contains('.') && !name.Contains('*'))
                    exceptions.Add(name);
            }
            else if (text.StartsWith("*.", StringComparison.Ordinal))
            {
                if (DomainLabels.ToAscii(text[2..]) is { } parent && !parent.Contains('*'))
                    wildcards.Add(parent);
            }
            else if (DomainLabels.ToAscii(text) is { } name && !name.Contains('*'))
            {
                rules.Add(name);
            }
        }
        return new PublicSuffixList(rules, wildcards, exceptions, source);
    }

    /// <summary>The public suffix of <paramref name="domain"/> under the list's algorithm: the longest matching rule
    /// wins, an exception rule beats every other and means its name minus the leftmost label, and with no match the
    /// default rule <c>*</c> makes the last label the suffix. Returned in A-label form.</summary>
    /// <exception cref="FormatException">The name is empty or not a domain name.</exception>
    public string PublicSuffix(string domain)
    {
        string name = DomainLabels.ToAscii(domain) ?? throw new FormatException($"'{domain}' is not a domain name.");
        return SuffixOf(name);
    }

    /// <summary>True when <paramref name="domain"/> is itself a public suffix (e.g. <c>co.uk</c>).</summary>
    /// <exception cref="FormatException">The name is empty or not a domain name.</exception>
    public bool IsPublicSuffix(string domain)
    {
        string name = DomainLabels.ToAscii(domain) ?? throw new FormatException($"'{domain}' is not a domain name.");
        return SuffixOf(name).Length == name.Length;
    }

    /// <summary>
    /// RFC 7489 §3.2: the Organizational Domain of <paramref name="domain"/>: its public suffix plus one more label,
    /// in lower-case A-label form. A name that is itself a public suffix has no further label; it is returned as it is
    /// (so DMARC looks for its record at the name itself, once).
    /// </summary>
    /// <exception cref="FormatException">The name is empty or not a domain name.</exception>
    public string OrganizationalDomain(string domain) =>
        TryGetOrganizationalDomain(domain, out string? org) ? org : throw new FormatException($"'{domain}' is not a domain name.");

    /// <summary>As <see cref="OrganizationalDomain"/>, but false instead of an exception for a name that is not a domain.</summary>
    public bool TryGetOrganizationalDomain(string domain, [NotNullWhen(true)] out string? organizationalDomain)
    {
        organizationalDomain = null;
        if (DomainLabels.ToAscii(domain) is not { } name)
            return false;
        string suffix = SuffixOf(name);
        if (suffix.Length == name.Length)
        {
            organizationalDomain = name;
            return true;
        }
        // RFC 7489 §3.2 step 3: the matched suffix prefixed with the next label of the subject domain.
        int end = name.Length - suffix.Length - 1; // the dot before the suffix
        int start = name.LastIndexOf('.', end - 1) + 1;
        organizationalDomain = name[start..];
        return true;
    }

    private string SuffixOf(string name)
    {
        // Candidate suffixes, longest first: "a.b.c", "b.c", "c".
        var starts = new List<int> { 0 };
        for (int i = 0; i < name.Length; i++)
        {
            if (name[i] == '.')
                starts.Add(i + 1);
        }

        // An exception rule prevails over every other matching rule; its suffix is the rule minus its leftmost label.
        foreach (int start in starts)
        {
            string candidate = name[start..];
            if (_exceptions.Contains(candidate))
                return candidate[(candidate.IndexOf('.') + 1)..];
        }

        // Otherwise the matching rule with the most labels; the first match, going longest first.
        foreach (int start in starts)
        {
            string candidate = name[start..];
            if (_rules.Contains(candidate))
                return candidate;
            int dot = candidate.IndexOf('.');
            if (dot > 0 && _wildcards.Contains(candidate[(dot + 1)..]))
                return candidate;
        }

        // The default rule "*": the last label.
        return name[starts[^1]..];
    }
}
