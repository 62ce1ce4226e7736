using System.CommandLine;
using System.Globalization;
using Wren.Mail.Addresses;
using Wren.Store.Accounts;

namespace Wren.Cli.Commands;

/// <summary><c>wren user add|list|passwd|delete|quota</c>: local users, their passwords and their mail.</summary>
public static class UserCommand
{
    /// <summary>Builds the command and its subcommands.</summary>
    public static Command Create() =>
        new("user", "Manage users") { CreateAdd(), CreateList(), CreatePasswd(), CreateDelete(), UserQuotaCommand.Create() };

    private static Option<bool> PasswordStdinOption() => new("--password-stdin")
    {
        Description = "Read the password from the first line of stdin instead of prompting",
    };

    private static Command CreateAdd()
    {
        var addressArgument = new Argument<string>("ADDRESS") { Description = "The user's address, in a local domain" };
        var passwordStdin = PasswordStdinOption();
        var command = new Command("add", "Add a user (with INBOX, Sent, Drafts, Junk, Trash, Archive)") { addressArgument, passwordStdin };
        command.SetAction((parseResult, cancellationToken) => CommandAction.RunAsync(async () =>
        {
            EmailAddress address = AccountNames.Address(parseResult.GetRequiredValue(addressArgument));
            await using var store = await DataDirectory.OpenStoreAsync(parseResult, cancellationToken);
            if (!await store.Accounts.IsLocalDomainAsync(address.Domain, cancellationToken))
                throw new CommandFailedException($"{address.Domain} is not a local domain (add it first: wren domain add {address.Domain})");
            if (await store.Accounts.FindUserAsync(address.Canonical, cancellationToken) is not null)
                throw new CommandFailedException($"user {address.Canonical} already exists");

            string password = await PasswordInput.ReadNewAsync(parseResult.GetValue(passwordStdin), cancellationToken);
            UserAccount user = await store.Accounts.AddUserAsync(address, NewCredential.FromPassword(password), cancellationToken);
            await Console.Out.WriteLineAsync($"Added user {user.Address}.");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command CreateList()
    {
        var domainArgument = new Argument<string?>("DOMAIN") { Description = "Only this domain's users", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("list", "List users: address and creation date") { domainArgument };
        command.SetAction((parseResult, cancellationToken) => CommandAction.RunAsync(async () =>
        {
            string? domainText = parseResult.GetValue(domainArgument);
            string? domain = domainText is null ? null : AccountNames.Domain(domainText);
            await using var store = await DataDirectory.OpenStoreAsync(parseResult, cancellationToken);
            IReadOnlyList<UserAccount> users = await store.Accounts.ListUsersAsync(domain, cancellationToken);
            if (users.Count == 0)
            {
                await Console.Out.WriteLineAsync("No users.");
                return ExitCodes.Success;
            }
            var table = new TextTable("ADDRESS", "CREATED");
            foreach (UserAccount user in users)
                table.Add(user.Address, user.CreatedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
            await Console.Out.WriteAsync(table.ToString());
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command CreatePasswd()
    {
        var addressArgument = new Argument<string>("ADDRESS") { Description = "The user's address" };
        var passwordStdin = PasswordStdinOption();
        var command = new Command("passwd", "Set a user's password") { addressArgument, passwordStdin };
        command.SetAction((parseResult, cancellationToken) => CommandAction.RunAsync(async () =>
        {
            EmailAddress address = AccountNames.Address(parseResult.GetRequiredValue(addressArgument));
            await using var store = await DataDirectory.OpenStoreAsync(parseResult, cancellationToken);
            if (await store.Accounts.FindUserAsync(address.Canonical, cancellationToken) is null)
                throw new CommandFailedException($"no such user: {address.Canonical}");

            string password = await PasswordInput.ReadNewAsync(parseResult.GetValue(passwordStdin), cancellationToken);
            if (!await store.Accounts.SetCredentialAsync(address.Canonical, NewCredential.FromPassword(password), cancellationToken))
                throw new CommandFailedException($"no such user: {address.Canonical}");
            await Console.Out.WriteLineAsync($"Changed the password of {address.Canonical}.");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command CreateDelete()
    {
        var addressArgument = new Argument<string>("ADDRESS") { Description = "The user's address" };
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask for confirmation" };
        var command = new Command("delete", "Delete a user with all their mailboxes and messages") { addressArgument, yes };
        command.SetAction((parseResult, cancellationToken) => CommandAction.RunAsync(async () =>
        {
            EmailAddress address = AccountNames.Address(parseResult.GetRequiredValue(addressArgument));
            await using var store = await DataDirectory.OpenStoreAsync(parseResult, cancellationToken);
            UserAccount user = await store.Accounts.FindUserAsync(address.Canonical, cancellationToken)
                ?? throw new CommandFailedException($"no such user: {address.Canonical}");

            if (!parseResult.GetValue(yes)
                && !await Confirmation.AskAsync($"Delete {user.Address} and all their mail?", cancellationToken))
                throw new CommandFailedException($"{user.Address} was not deleted");

            int messages = (await store.Mail.ListMessagesAsync(user.Id, cancellationToken: cancellationToken)).Count;
            if (!await store.Accounts.DeleteUserAsync(user.Address, cancellationToken))
                throw new CommandFailedException($"no such user: {user.Address}");
            await Console.Out.WriteLineAsync(
                $"Deleted user {user.Address} and {messages} message{(messages == 1 ? "" : "s")}.");
            return ExitCodes.Success;
        }));
        return command;
    }
}
