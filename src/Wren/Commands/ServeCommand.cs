using System.CommandLine;
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
        command.SetAction((parseResult, cancellationToken) =>
            // --data goes through as given: without it the server's own configuration decides (WREN__DATA, ./data).
            ServerProgram.RunAsync(
                DataDirectory.Given(parseResult),
                parseResult.GetValue(config),
                new Dictionary<string, string?>(),
                cancellationToken));
        return command;
    }
}
