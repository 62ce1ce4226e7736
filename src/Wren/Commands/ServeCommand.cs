using System.CommandLine;
using System.Runtime.InteropServices;
using Wren.Server;

namespace Wren.Cli.Commands;

/// <summary><c>wren serve [--data DIR] [--config FILE]</c>: runs the mail server until Ctrl+C or SIGTERM.</summary>
public static class ServeCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var config = new Option<string?>("--config")
        {
            Description = "Configuration file (default: ./wren.json when it exists)",
            HelpName = "FILE",
        };
        var command = new Command("serve", "Run the mail server (SMTP, submission, IMAP, POP3) until stopped") { config };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            // Ctrl+C (SIGINT) and SIGTERM cancel the server's token: it stops its listeners, finishes the
            // commits in flight and exits 0, as a service manager expects of a requested stop.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
            using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

            // --data goes through as given: without it the server's own configuration decides (Data, WREN__DATA, ./data).
            return await ServerProgram.RunAsync(
                DataDirectory.Given(parseResult),
                parseResult.GetValue(config),
                new Dictionary<string, string?>(),
                stop.Token);

            void OnSignal(PosixSignalContext context)
            {
                context.Cancel = true; // no abrupt exit: the server shuts down by itself
                stop.Cancel();
            }
        });
        return command;
    }
}
