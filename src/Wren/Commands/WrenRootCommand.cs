using System.CommandLine;

namespace Wren.Cli.Commands;

/// <summary>The <c>wren</c> command tree.</summary>
public static class WrenRootCommand
{
    /// <summary>Builds <c>wren</c> with every subcommand and the recursive <c>--data</c> option.</summary>
    public static RootCommand Create() =>
        new("Wren: a self-hosted mail server (SMTP, IMAP, POP3) and its administration commands.")
        {
            DataDirectory.Option,
            ServeCommand.Create(),
            DomainCommand.Create(),
            UserCommand.Create(),
            AliasCommand.Create(),
            MailCommand.Create(),
            SendCommand.Create(),
            QueueCommand.Create(),
            DkimCommand.Create(),
            DnsCheckCommand.Create(),
        };
}
