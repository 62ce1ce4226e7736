using System.Text;

namespace Wren.Cli.Commands.DnsCheck;

/// <summary>
/// The text output of <c>wren dns check</c>: what was checked against, a table with one row per check, then, for
/// every check that is not OK, what is published, what is expected and the records to publish. Text that came
/// from DNS has its control characters replaced by spaces.
/// </summary>
public static class DnsCheckText
{
    /// <summary>The report as text, each line ending with a newline.</summary>
    public static string Format(DnsCheckReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        text.Append("Domain:          ").Append(report.Domain).Append('\n');
        text.Append("Host name:       ").Append(report.Hostname).Append('\n');
        text.Append("Public address:  ").Append(PublicAddress(report)).Append("\n\n");

        var table = new TextTable("CHECK", "STATUS", "NAME", "RESULT");
        foreach (DnsCheckResult result in report.Results)
            table.Add(Label(result.Check), result.Status.Text(), QueueText.Printable(result.Name), QueueText.Printable(result.Summary));
        text.Append(table);

        foreach (DnsCheckResult result in report.Results.Where(r => r.Status != DnsCheckStatus.Ok))
        {
            text.Append('\n').Append(Label(result.Check)).Append(' ').Append(QueueText.Printable(result.Name))
                .Append(": ").Append(result.Status.Text()).Append('\n');
            text.Append("  problem:   ").Append(QueueText.Printable(result.Summary)).Append('\n');
            Lines(text, "published", result.Published.Count > 0 ? result.Published
                : result.Status == DnsCheckStatus.Error ? ["(unknown)"] : ["(nothing)"]);
            text.Append("  expected:  ").Append(result.Expected).Append('\n');
            if (result.Publish.Count > 0)
                Lines(text, "publish", result.Publish);
            if (result.Notes.Count > 0)
                Lines(text, "then", result.Notes);
        }

        text.Append('\n').Append(Totals(report)).Append('\n');
        return text.ToString();
    }

    /// <summary>The upper-case label of a check id: <c>MX</c>, <c>MTA-STS</c>, <c>REVERSE-DNS</c>.</summary>
    public static string Label(string check) => check.ToUpperInvariant();

    private static string PublicAddress(DnsCheckReport report)
    {
        if (report.PublicAddressConfigured)
            return $"{string.Join(", ", report.PublicAddresses)} (PublicAddress)";
        return report.PublicAddresses.Count > 0
            ? $"{string.Join(", ", report.PublicAddresses)} (the A/AAAA records of {report.Hostname}; set PublicAddress to choose)"
            : report.PublicAddressesUnknown
                ? $"unknown (the A/AAAA lookup of {report.Hostname} failed; PublicAddress is not set)"
                : $"none ({report.Hostname} has no A/AAAA record and PublicAddress is not set)";
    }

    private static void Lines(StringBuilder text, string label, IEnumerable<string> lines)
    {
        string prefix = $"  {label + ":",-11}";
        foreach (string line in lines)
        {
            text.Append(prefix).Append(QueueText.Printable(line)).Append('\n');
            prefix = new string(' ', prefix.Length);
        }
    }

    private static string Totals(DnsCheckReport report)
    {
        string counts = string.Join(", ", Enum.GetValues<DnsCheckStatus>().Select(s => $"{report.Count(s)} {s.Text()}"));
        return report.Status switch
        {
            DnsCheckStatus.Fail when report.Count(DnsCheckStatus.Error) > 0 =>
                $"{counts}: publish the records above, then run this again (some lookups failed too).",
            DnsCheckStatus.Fail => $"{counts}: publish the records above, then run this again (DNS changes take up to their TTL to show).",
            DnsCheckStatus.Error => $"{counts}: some DNS lookups failed; run this again.",
            DnsCheckStatus.Warn => $"{counts}: what is required is in place.",
            _ => $"{counts}: everything is in place.",
        };
    }
}
