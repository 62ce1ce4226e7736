using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Wren.MailAuth.Dkim;

namespace Wren.Cli.Commands;

/// <summary>
/// <c>wren dkim generate|list</c>: the DKIM signing keys in the data folder (<c>dkim/DOMAIN/SELECTOR.ALGORITHM.pem</c>)
/// and the DNS records that publish them.
/// </summary>
public static class DkimCommand
{
    /// <summary>Builds the command and its subcommands.</summary>
    public static Command Create() =>
        new("dkim", "Manage DKIM signing keys and the DNS records that publish them") { CreateGenerate(), CreateList() };

    private static Command CreateGenerate()
    {
        var domainArgument = new Argument<string>("DOMAIN") { Description = "The signing domain (d=), IDN allowed" };
        var selector = new Option<string>("--selector", "-s") { Description = "The selector (s=): DNS labels, e.g. 2026a", Required = true, HelpName = "SELECTOR" };
        var algorithm = new Option<string>("--algorithm", "-a") { Description = "rsa (2048 bits) or ed25519", DefaultValueFactory = _ => "rsa", HelpName = "rsa|ed25519" };
        algorithm.AcceptOnlyFromAmong("rsa", "ed25519");
        var bits = new Option<int>("--bits") { Description = "RSA key length, 1024 to 8192", DefaultValueFactory = _ => DkimKeyStore.DefaultRsaBits, HelpName = "N" };
        var command = new Command("generate", "Create a signing key for DOMAIN and print the DNS TXT record to publish; never overwrites a key")
        {
            domainArgument, selector, algorithm, bits,
        };
        command.SetAction((parseResult, cancellationToken) => CommandAction.RunAsync(async () =>
        {
            string domain = AccountNames.Domain(parseResult.GetRequiredValue(domainArgument));
            DkimKeyAlgorithms.TryParse(parseResult.GetValue(algorithm), out DkimKeyAlgorithm keyAlgorithm);
            var store = new DkimKeyStore(DataDirectory.Resolve(parseResult));
            DkimKey key = await StoreCall(() => store.GenerateAsync(domain, parseResult.GetRequiredValue(selector), keyAlgorithm,
                parseResult.GetValue(bits), cancellationToken));
            DkimDnsRecord record = key.DnsRecord;
            await Console.Out.WriteLineAsync($"Created the {Describe(key)} key for {key.Domain}, selector {key.Selector}: {key.Path}");
            await Console.Out.WriteLineAsync("Publish this DNS TXT record:");
            await Console.Out.WriteLineAsync($"name:  {record.Name}");
            await Console.Out.WriteLineAsync($"value: {record.Text}");
            await Console.Out.WriteLineAsync("zone file:");
            await Console.Out.WriteLineAsync(record.ZoneFileLine);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command CreateList()
    {
        var json = new Option<bool>("--json") { Description = "Write JSON for scripts instead of text" };
        var command = new Command("list", "List DKIM keys: domain, selector, algorithm, created, whether it signs now, and its DNS record") { json };
        command.SetAction((parseResult, cancellationToken) => CommandAction.RunAsync(async () =>
        {
            var store = new DkimKeyStore(DataDirectory.Resolve(parseResult));
            IReadOnlyList<DkimKey> keys = await StoreCall(() => store.ListAsync(cancellationToken: cancellationToken));
            var signer = new DkimMessageSigner(store);
            var active = new HashSet<string>(StringComparer.Ordinal);
            foreach (string domain in keys.Select(k => k.Domain).Distinct())
                active.UnionWith((await StoreCall(() => signer.ActiveKeysAsync(domain, cancellationToken))).Select(k => k.Path));

            if (parseResult.GetValue(json))
            {
                await WriteJsonAsync(keys, active, cancellationToken);
                return ExitCodes.Success;
            }
            if (keys.Count == 0)
            {
                await Console.Out.WriteLineAsync("No DKIM keys.");
                return ExitCodes.Success;
            }
            var table = new TextTable("DOMAIN", "SELECTOR", "ALGORITHM", "CREATED", "SIGNS", "RECORD");
            foreach (DkimKey key in keys)
            {
                table.Add(key.Domain, key.Selector, Describe(key), QueueText.ShortTime(key.Created),
                    active.Contains(key.Path) ? "yes" : "no", $"{key.DnsRecord.Name} TXT \"{key.DnsRecord.Text}\"");
            }
            await Console.Out.WriteAsync(table.ToString());
            return ExitCodes.Success;
        }));
        return command;
    }

    private static string Describe(DkimKey key) =>
        key.Algorithm == DkimKeyAlgorithm.Rsa ? $"rsa-{key.KeyBits.ToString(CultureInfo.InvariantCulture)}" : "ed25519";

    private static async Task<T> StoreCall<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (DkimKeyStoreException e)
        {
            throw new CommandFailedException(e.Message);
        }
    }

    private static async Task WriteJsonAsync(IReadOnlyList<DkimKey> keys, HashSet<string> active, CancellationToken cancellationToken)
    {
        await using Stream stdout = Console.OpenStandardOutput();
        await using (var writer = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartArray();
            foreach (DkimKey key in keys)
            {
                writer.WriteStartObject();
                writer.WriteString("domain", key.Domain);
                writer.WriteString("selector", key.Selector);
                writer.WriteString("algorithm", key.Algorithm.Name());
                writer.WriteNumber("bits", key.KeyBits);
                writer.WriteString("created", key.Created);
                writer.WriteBoolean("signs", active.Contains(key.Path));
                writer.WriteString("path", key.Path);
                writer.WriteString("recordName", key.DnsRecord.Name);
                writer.WriteString("record", key.DnsRecord.Text);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            await writer.FlushAsync(cancellationToken);
        }
        stdout.Write("\n"u8);
        await stdout.FlushAsync(cancellationToken);
    }
}
