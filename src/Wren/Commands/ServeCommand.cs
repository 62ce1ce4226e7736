using System.CommandLine;
using System.Runtime.InteropServices;
using Wren.Server;

namespace Wren.Cli.Commands;

/// <summary>
/// <c>wren serve [--data DIR] [--config FILE] [--hostname NAME] [--smtp|--submission|--submissions|--pop3|--pop3s|--imap|--imaps ADDR:PORT]…
/// [--tls-cert FILE] [--tls-key FILE] [--set KEY=VALUE]…</c>: runs the mail server until Ctrl+C or SIGTERM.
/// Flags override wren.json and WREN__ variables.
/// </summary>
public static class ServeCommand
{
    // A listener flag replaces the whole list: entries up to this index that it does not fill are blanked.
    private const int MaxListenersPerRole = 16;

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var config = new Option<string?>("--config")
        {
            Description = "Configuration file (default: ./wren.json when it exists)",
            HelpName = "FILE",
        };
        var hostname = new Option<string?>("--hostname") { Description = "Host name (key Hostname)", HelpName = "NAME" };
        var smtp = ListenerOption("--smtp", "incoming SMTP (key Listeners:Smtp)");
        var submission = ListenerOption("--submission", "submission with STARTTLS (key Listeners:Submission)");
        var submissions = ListenerOption("--submissions", "submission over implicit TLS (key Listeners:Submissions)");
        var pop3 = ListenerOption("--pop3", "POP3 with STLS (key Listeners:Pop3)");
        var pop3s = ListenerOption("--pop3s", "POP3 over implicit TLS (key Listeners:Pop3s)");
        var imap = ListenerOption("--imap", "IMAP with STARTTLS (key Listeners:Imap)");
        var imaps = ListenerOption("--imaps", "IMAP over implicit TLS (key Listeners:Imaps)");
        var certificate = new Option<string?>("--tls-cert") { Description = "PEM certificate or PKCS#12 file (key Tls:Certificate)", HelpName = "FILE" };
        var key = new Option<string?>("--tls-key") { Description = "PEM private key file (key Tls:Key)", HelpName = "FILE" };
        var set = new Option<string[]>("--set")
        {
            Description = "Any configuration key, e.g. --set Smtp:MaxMessageSize=10485760 (repeatable)",
            HelpName = "KEY=VALUE",
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("serve", "Run the mail server until stopped")
        {
            config, hostname, smtp, submission, submissions, pop3, pop3s, imap, imaps, certificate, key, set,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            // Ctrl+C (SIGINT) and SIGTERM cancel the server's token: it stops its listeners, finishes the
            // commits in flight and exits 0, as a service manager expects of a requested stop.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
            using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

            var overrides = new Dictionary<string, string?>();
            foreach (string assignment in parseResult.GetValue(set) ?? [])
            {
                int equals = assignment.IndexOf('=');
                if (equals <= 0)
                {
                    await Console.Error.WriteLineAsync($"wren: --set takes KEY=VALUE, not '{assignment}'");
                    return ExitCodes.Usage;
                }
                overrides[assignment[..equals].Trim()] = assignment[(equals + 1)..];
            }
            Put(overrides, "Hostname", parseResult.GetValue(hostname));
            Put(overrides, "Tls:Certificate", parseResult.GetValue(certificate));
            Put(overrides, "Tls:Key", parseResult.GetValue(key));
            PutListeners(overrides, "Listeners:Smtp", parseResult.GetValue(smtp));
            PutListeners(overrides, "Listeners:Submission", parseResult.GetValue(submission));
            PutListeners(overrides, "Listeners:Submissions", parseResult.GetValue(submissions));
            PutListeners(overrides, "Listeners:Pop3", parseResult.GetValue(pop3));
            PutListeners(overrides, "Listeners:Pop3s", parseResult.GetValue(pop3s));
            PutListeners(overrides, "Listeners:Imap", parseResult.GetValue(imap));
            PutListeners(overrides, "Listeners:Imaps", parseResult.GetValue(imaps));

            // --data goes through as given: without it the server's own configuration decides (Data, WREN__DATA, ./data).
            return await ServerProgram.RunAsync(
                DataDirectory.Given(parseResult),
                parseResult.GetValue(config),
                overrides,
                stop.Token);

            void OnSignal(PosixSignalContext context)
            {
                context.Cancel = true; // no abrupt exit: the server shuts down by itself
                stop.Cancel();
            }
        });
        return command;
    }

    private static Option<string[]> ListenerOption(string name, string what) => new(name)
    {
        Description = $"Listen on ADDR:PORT for {what}; repeatable; replaces the configured list",
        HelpName = "ADDR:PORT",
        AllowMultipleArgumentsPerToken = false,
    };

    private static void Put(Dictionary<string, string?> overrides, string key, string? value)
    {
        if (value is not null)
            overrides[key] = value;
    }

    private static void PutListeners(Dictionary<string, string?> overrides, string key, string[]? endpoints)
    {
        if (endpoints is null || endpoints.Length == 0)
            return;
        for (int i = 0; i < MaxListenersPerRole; i++)
            overrides[$"{key}:{i}"] = i < endpoints.Length ? endpoints[i] : "";
    }
}
