using System.CommandLine;
using System.Net;
using Wren.Cli.Commands.DnsCheck;
using Wren.Mail.Dns;
using Wren.Server.Configuration;

namespace Wren.Cli.Commands;

/// <summary>
/// <c>wren dns check DOMAIN [--json] [--config FILE]</c>: asks DNS what is published for DOMAIN (MX, SPF, DKIM, DMARC,
/// MTA-STS, TLS-RPT, reverse DNS of the public address) and says, per check, OK or the exact record to publish.
/// Reads the same configuration as <c>wren serve</c> (wren.json or <c>--config</c>, <c>WREN__…</c>, <c>--data</c>).
/// </summary>
public static class DnsCheckCommand
{
    /// <summary>Builds <c>wren dns</c> with its <c>check</c> subcommand.</summary>
    public static Command Create() => new("dns", "Check the DNS records a mail domain needs") { CreateCheck() };

    private static Command CreateCheck()
    {
        var domainArgument = new Argument<string>("DOMAIN") { Description = "The mail domain, IDN allowed" };
        var json = new Option<bool>("--json") { Description = "Write JSON for scripts instead of text" };
        var config = new Option<string?>("--config")
        {
            Description = "Configuration file (default: ./wren.json when it exists), as for wren serve",
            HelpName = "FILE",
        };
        var command = new Command("check",
            "Query DNS for DOMAIN's MX, SPF, DKIM, DMARC, MTA-STS, TLS-RPT and the public address's reverse DNS; "
            + $"say OK or the exact record to publish. Exit code {ExitCodes.DnsCheckFailed} when a check fails, {ExitCodes.DnsCheckUnknown} when DNS failed")
        {
            domainArgument, json, config,
        };
        command.SetAction((parseResult, cancellationToken) => CommandAction.RunAsync(async () =>
        {
            string domain = AccountNames.Domain(parseResult.GetRequiredValue(domainArgument));
            var overrides = new Dictionary<string, string?>();
            if (DataDirectory.Given(parseResult) is { } data)
                overrides["Data"] = data;
            WrenSettings settings;
            IPAddress? publicAddress = null;
            try
            {
                (_, settings) = WrenConfiguration.Load(parseResult.GetValue(config), overrides);
                if (!string.IsNullOrWhiteSpace(settings.PublicAddress) && !IPAddress.TryParse(settings.PublicAddress.Trim(), out publicAddress))
                    throw new FormatException($"PublicAddress is '{settings.PublicAddress}'; expected an IPv4 or IPv6 address.");
            }
            catch (Exception e) when (e is FormatException or InvalidOperationException or FileNotFoundException)
            {
                await Console.Error.WriteLineAsync($"wren: bad configuration: {e.Message}");
                return ExitCodes.Usage;
            }

            var resolver = new DnsClientResolver(new DnsClientResolverOptions
            {
                Servers = [.. settings.Dns.Servers.Where(s => !string.IsNullOrWhiteSpace(s))],
                Timeout = settings.Dns.Timeout,
            });
            var options = new DnsCheckOptions
            {
                Domain = domain,
                Hostname = settings.Hostname.Trim().TrimEnd('.').ToLowerInvariant(),
                PublicAddress = publicAddress,
                DataDirectory = settings.Data,
                SpfTimeout = settings.MailAuth.Timeout,
                PublicSuffixList = settings.MailAuth.PublicSuffixList,
            };
            DnsCheckReport report = await new DnsChecker(resolver, options).RunAsync(cancellationToken);
            if (parseResult.GetValue(json))
            {
                await using Stream stdout = Console.OpenStandardOutput();
                await DnsCheckJson.WriteAsync(report, stdout, cancellationToken);
            }
            else
            {
                await Console.Out.WriteAsync(DnsCheckText.Format(report));
            }
            return report.ExitCode;
        }));
        return command;
    }
}
