using System.CommandLine;
using System.Globalization;
using Wren.Mail.Addresses;
using Wren.Server.Configuration;
using Wren.Store.Accounts;
using Wren.Store.Messages;

namespace Wren.Cli.Commands;

/// <summary>
/// <c>wren user quota ADDRESS [--storage SIZE] [--messages N] [--default]</c>: shows or sets one user's
/// limits (RFC 9208 STORAGE and MESSAGE, what IMAP GETQUOTA reports and APPEND, COPY and SMTP delivery
/// enforce). Users without limits of their own follow the server's Quota:Storage and Quota:Messages.
/// </summary>
public static class UserQuotaCommand
{
    private const string Unlimited = "none";

    /// <summary>Builds the subcommand.</summary>
    public static Command Create()
    {
        var addressArgument = new Argument<string>("ADDRESS") { Description = "The user's address" };
        var storage = new Option<string?>("--storage")
        {
            Description = $"Total size of the user's messages: octets or with a unit (500M, 2G); '{Unlimited}' for no limit",
            HelpName = "SIZE",
        };
        var messages = new Option<string?>("--messages")
        {
            Description = $"Number of the user's messages; '{Unlimited}' for no limit",
            HelpName = "N",
        };
        var useDefault = new Option<bool>("--default") { Description = "Drop the user's own limits: follow the server's Quota settings" };
        var config = new Option<string?>("--config")
        {
            Description = "Configuration file with the server's Quota settings (default: ./wren.json when it exists), as for wren serve",
            HelpName = "FILE",
        };
        var command = new Command("quota", "Show or set a user's quota (without options: show it)")
        {
            addressArgument, storage, messages, useDefault, config,
        };
        command.SetAction((parseResult, cancellationToken) => CommandAction.RunAsync(async () =>
        {
            EmailAddress address = AccountNames.Address(parseResult.GetRequiredValue(addressArgument));
            string? storageText = parseResult.GetValue(storage);
            string? messagesText = parseResult.GetValue(messages);
            bool toDefault = parseResult.GetValue(useDefault);
            if (toDefault && (storageText is not null || messagesText is not null))
                throw new CommandFailedException("--default cannot be combined with --storage or --messages");
            long? storageLimit = storageText is null ? null : ParseLimit(storageText, "--storage", QuotaSettings.ParseSize);
            long? messageLimit = messagesText is null ? null : ParseLimit(messagesText, "--messages", ParseCount);

            QuotaLimits? serverDefault = ServerDefault(parseResult.GetValue(config));
            await using var store = await DataDirectory.OpenStoreAsync(parseResult, cancellationToken);
            UserAccount user = await store.Accounts.FindUserAsync(address.Canonical, cancellationToken)
                ?? throw new CommandFailedException($"no such user: {address.Canonical}");
            QuotaUsage usage = await store.Mailboxes.GetQuotaAsync(user.Id, cancellationToken)
                ?? throw new CommandFailedException($"no such user: {address.Canonical}");

            if (toDefault)
            {
                await store.Mailboxes.SetQuotaAsync(user.Id, null, cancellationToken);
            }
            else if (storageText is not null || messagesText is not null)
            {
                // An option not given keeps the limit in force for it: the user's own, or the server's default
                // (from the configuration, as wren serve reads it; unlimited when it cannot be read).
                QuotaLimits current = usage.OwnLimits ? usage.Limits : serverDefault ?? QuotaLimits.Unlimited;
                var limits = new QuotaLimits(
                    storageText is null ? current.StorageBytes : storageLimit,
                    messagesText is null ? current.Messages : messageLimit);
                await store.Mailboxes.SetQuotaAsync(user.Id, limits, cancellationToken);
            }
            usage = (await store.Mailboxes.GetQuotaAsync(user.Id, cancellationToken))!;
            await Console.Out.WriteLineAsync(Describe(user.Address, usage, serverDefault));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static long? ParseLimit(string text, string option, Func<string, long> parse)
    {
        if (text.Trim().Equals(Unlimited, StringComparison.OrdinalIgnoreCase))
            return null;
        try
        {
            return parse(text);
        }
        catch (FormatException ex)
        {
            throw new CommandFailedException($"{option}: {ex.Message}");
        }
    }

    private static long ParseCount(string text) =>
        long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long count)
            ? count
            : throw new FormatException($"'{text}' is not a number of messages.");

    /// <summary>The server's Quota:* defaults as <c>wren serve</c> would read them; null when the configuration cannot be read.</summary>
    private static QuotaLimits? ServerDefault(string? configFile)
    {
        try
        {
            (_, WrenSettings settings) = WrenConfiguration.Load(configFile, new Dictionary<string, string?>());
            return new QuotaLimits(settings.Quota.StorageBytes, settings.Quota.Messages);
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or FileNotFoundException or IOException)
        {
            return null;
        }
    }

    private static string Describe(string address, QuotaUsage usage, QuotaLimits? serverDefault)
    {
        string used = $"{address}: {Size(usage.StorageBytes)} in {usage.Messages} message{(usage.Messages == 1 ? "" : "s")}";
        QuotaLimits? limits = usage.OwnLimits ? usage.Limits : serverDefault;
        string storage = limits is null ? "?" : limits.StorageBytes is long bytes ? Size(bytes) : "unlimited";
        string messages = limits is null ? "?" : limits.Messages is long count ? count.ToString(CultureInfo.InvariantCulture) : "unlimited";
        return usage.OwnLimits
            ? $"{used}; limits (own): {storage}, {messages} messages"
            : $"{used}; limits: the server's (Quota:Storage {storage}, Quota:Messages {messages})";
    }

    private static string Size(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0
            ? bytes.ToString(CultureInfo.InvariantCulture) + " B"
            : value.ToString("0.#", CultureInfo.InvariantCulture) + " " + units[unit];
    }
}
