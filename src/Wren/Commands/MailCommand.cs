using System.CommandLine;
using System.Globalization;
using Wren.Mail.Addresses;
using Wren.Store.Accounts;
using Wren.Store.Messages;

namespace Wren.Cli.Commands;

/// <summary><c>wren mail list|show</c>: look at a user's stored messages from the server's side.</summary>
public static class MailCommand
{
    /// <summary>Builds the command and its subcommands.</summary>
    public static Command Create() =>
        new("mail", "Look at users' stored mail") { CreateList(), CreateShow() };

    private static Argument<string> AddressArgument() => new("ADDRESS") { Description = "The user's address" };

    private static Command CreateList()
    {
        var addressArgument = AddressArgument();
        var mailbox = new Option<string?>("--mailbox", "-m") { Description = "Only this folder (default: all)", HelpName = "NAME" };
        var command = new Command("list", "List a user's messages, newest first: id, date, from, subject, size, folder") { addressArgument, mailbox };
        command.SetAction((parseResult, cancellationToken) => CommandAction.RunAsync(async () =>
        {
            EmailAddress address = AccountNames.Address(parseResult.GetRequiredValue(addressArgument));
            await using var store = await DataDirectory.OpenStoreAsync(parseResult, cancellationToken);
            UserAccount user = await FindUserAsync(store.Accounts, address, cancellationToken);
            string? mailboxName = await ResolveMailboxAsync(store.Mail, user, parseResult.GetValue(mailbox), cancellationToken);

            IReadOnlyList<StoredMessageInfo> messages = await store.Mail.ListMessagesAsync(user.Id, mailboxName, cancellationToken);
            if (messages.Count == 0)
            {
                await Console.Out.WriteLineAsync("No messages.");
                return ExitCodes.Success;
            }
            var table = new TextTable(">ID", "DATE", "FROM", "SUBJECT", ">SIZE", "FOLDER");
            foreach (StoredMessageInfo message in messages)
            {
                table.Add(
                    message.Id.ToString(CultureInfo.InvariantCulture),
                    message.InternalDate.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                    TextTable.Fit(message.From, 32),
                    TextTable.Fit(message.Subject, 48),
                    message.Size.ToString(CultureInfo.InvariantCulture),
                    message.Mailbox);
            }
            await Console.Out.WriteAsync(table.ToString());
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command CreateShow()
    {
        var addressArgument = AddressArgument();
        var idArgument = new Argument<long>("ID") { Description = "The message id, as listed by wren mail list" };
        var command = new Command("show", "Write a stored message to stdout, byte for byte") { addressArgument, idArgument };
        command.SetAction((parseResult, cancellationToken) => CommandAction.RunAsync(async () =>
        {
            EmailAddress address = AccountNames.Address(parseResult.GetRequiredValue(addressArgument));
            long id = parseResult.GetValue(idArgument);
            await using var store = await DataDirectory.OpenStoreAsync(parseResult, cancellationToken);
            UserAccount user = await FindUserAsync(store.Accounts, address, cancellationToken);
            await using Stream message = await store.Mail.OpenMessageAsync(user.Id, id, cancellationToken)
                ?? throw new CommandFailedException($"{user.Address} has no message {id}");
            await using Stream stdout = Console.OpenStandardOutput();
            await message.CopyToAsync(stdout, cancellationToken);
            await stdout.FlushAsync(cancellationToken);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static async Task<UserAccount> FindUserAsync(IAccountStore accounts, EmailAddress address, CancellationToken cancellationToken) =>
        await accounts.FindUserAsync(address.Canonical, cancellationToken)
            ?? throw new CommandFailedException($"no such user: {address.Canonical}");

    // The mailbox's name as stored, or null for all; INBOX matches in any case (RFC 9051 §5.1).
    private static async Task<string?> ResolveMailboxAsync(IMailStore mail, UserAccount user, string? name, CancellationToken cancellationToken)
    {
        if (name is null)
            return null;
        IReadOnlyList<MailboxInfo> mailboxes = await mail.ListMailboxesAsync(user.Id, cancellationToken);
        MailboxInfo? match = mailboxes.FirstOrDefault(m => m.Name == name)
            ?? mailboxes.FirstOrDefault(m => m.Name.Equals("INBOX", StringComparison.OrdinalIgnoreCase) && name.Equals("INBOX", StringComparison.OrdinalIgnoreCase));
        return match?.Name ?? throw new CommandFailedException(
            $"{user.Address} has no folder '{name}' (folders: {string.Join(", ", mailboxes.Select(m => m.Name))})");
    }
}
