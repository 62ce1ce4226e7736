using System.CommandLine;
using Wren.Mail.Addresses;
using Wren.Store.Accounts;

namespace Wren.Cli.Commands;

/// <summary><c>wren alias add|list|delete</c>: addresses that forward to others, and per-domain catch-alls (<c>@domain</c>).</summary>
public static class AliasCommand
{
    /// <summary>Builds the command and its subcommands.</summary>
    public static Command Create() =>
        new("alias", "Manage aliases and catch-alls") { CreateAdd(), CreateList(), CreateDelete() };

    private static Argument<string> SourceArgument() =>
        new("SOURCE") { Description = "Alias address in a local domain, or @domain for the domain's catch-all" };

    private static Command CreateAdd()
    {
        var sourceArgument = SourceArgument();
        var targetArgument = new Argument<string>("TARGET") { Description = "Where the mail goes: a local user, another alias or an outside address" };
        var command = new Command("add", "Send mail for SOURCE to TARGET (add it again with another TARGET to fan out)") { sourceArgument, targetArgument };
        command.SetAction((parseResult, cancellationToken) => CommandAction.RunAsync(async () =>
        {
            string source = AccountNames.AliasSource(parseResult.GetRequiredValue(sourceArgument));
            EmailAddress target = AccountNames.Address(parseResult.GetRequiredValue(targetArgument));
            string domain = AccountNames.DomainOf(source);
            await using var store = await DataDirectory.OpenStoreAsync(parseResult, cancellationToken);
            if (!await store.Accounts.IsLocalDomainAsync(domain, cancellationToken))
                throw new CommandFailedException($"{domain} is not a local domain (add it first: wren domain add {domain})");
            if (!await store.Accounts.AddAliasAsync(source, target, cancellationToken))
                throw new CommandFailedException($"alias {source} → {target} already exists");
            await Console.Out.WriteLineAsync($"Added alias {source} → {target}.");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command CreateList()
    {
        var domainArgument = new Argument<string?>("DOMAIN") { Description = "Only this domain's aliases", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("list", "List aliases: source, target, and whether it is a catch-all") { domainArgument };
        command.SetAction((parseResult, cancellationToken) => CommandAction.RunAsync(async () =>
        {
            string? domainText = parseResult.GetValue(domainArgument);
            string? domain = domainText is null ? null : AccountNames.Domain(domainText);
            await using var store = await DataDirectory.OpenStoreAsync(parseResult, cancellationToken);
            IReadOnlyList<AliasEntry> aliases = await store.Accounts.ListAliasesAsync(domain, cancellationToken);
            if (aliases.Count == 0)
            {
                await Console.Out.WriteLineAsync("No aliases.");
                return ExitCodes.Success;
            }
            var table = new TextTable("SOURCE", "TARGET", "KIND");
            foreach (AliasEntry alias in aliases)
                table.Add(alias.Source, alias.Target, alias.Source.StartsWith('@') ? "catch-all" : "alias");
            await Console.Out.WriteAsync(table.ToString());
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command CreateDelete()
    {
        var sourceArgument = SourceArgument();
        var targetArgument = new Argument<string?>("TARGET") { Description = "Only this target (default: all of SOURCE's targets)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("delete", "Delete an alias, or one of its targets") { sourceArgument, targetArgument };
        command.SetAction((parseResult, cancellationToken) => CommandAction.RunAsync(async () =>
        {
            string source = AccountNames.AliasSource(parseResult.GetRequiredValue(sourceArgument));
            string? targetText = parseResult.GetValue(targetArgument);
            string? target = targetText is null ? null : AccountNames.Address(targetText).ToString();
            await using var store = await DataDirectory.OpenStoreAsync(parseResult, cancellationToken);
            if (!await store.Accounts.DeleteAliasAsync(source, target, cancellationToken))
                throw new CommandFailedException(target is null ? $"no such alias: {source}" : $"no such alias: {source} → {target}");
            await Console.Out.WriteLineAsync(target is null ? $"Deleted alias {source}." : $"Deleted alias {source} → {target}.");
            return ExitCodes.Success;
        }));
        return command;
    }
}
