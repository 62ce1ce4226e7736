using System.CommandLine;

namespace Wren.Cli.Commands;

/// <summary><c>wren domain add|list|delete</c>: the domains whose mail is delivered here.</summary>
public static class DomainCommand
{
    /// <summary>Builds the command and its subcommands.</summary>
    public static Command Create() =>
        new("domain", "Manage local domains") { CreateAdd(), CreateList(), CreateDelete() };

    private static Command CreateAdd()
    {
        var domainArgument = new Argument<string>("DOMAIN") { Description = "Domain name (IDN allowed)" };
        var command = new Command("add", "Add a local domain") { domainArgument };
        command.SetAction((parseResult, cancellationToken) => CommandAction.RunAsync(async () =>
        {
            string domain = AccountNames.Domain(parseResult.GetRequiredValue(domainArgument));
            await using var store = await DataDirectory.OpenStoreAsync(parseResult, cancellationToken);
            if (!await store.Accounts.AddDomainAsync(domain, cancellationToken))
                throw new CommandFailedException($"domain {domain} already exists");
            await Console.Out.WriteLineAsync($"Added domain {domain}.");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command CreateList()
    {
        var command = new Command("list", "List local domains, one per line");
        command.SetAction((parseResult, cancellationToken) => CommandAction.RunAsync(async () =>
        {
            await using var store = await DataDirectory.OpenStoreAsync(parseResult, cancellationToken);
            foreach (string domain in await store.Accounts.ListDomainsAsync(cancellationToken))
                await Console.Out.WriteLineAsync(domain);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command CreateDelete()
    {
        var domainArgument = new Argument<string>("DOMAIN") { Description = "Domain name" };
        var command = new Command("delete", "Delete a local domain and its aliases (its users must be deleted first)") { domainArgument };
        command.SetAction((parseResult, cancellationToken) => CommandAction.RunAsync(async () =>
        {
            string domain = AccountNames.Domain(parseResult.GetRequiredValue(domainArgument));
            await using var store = await DataDirectory.OpenStoreAsync(parseResult, cancellationToken);
            if (!await store.Accounts.DeleteDomainAsync(domain, cancellationToken))
                throw new CommandFailedException($"no such domain: {domain}");
            await Console.Out.WriteLineAsync($"Deleted domain {domain}.");
            return ExitCodes.Success;
        }));
        return command;
    }
}
