using System.CommandLine;
using System.Globalization;
using System.Text;
using Wren.Store.Queue;

namespace Wren.Cli.Commands;

/// <summary>
/// <c>wren queue list|show|retry|delete|stats</c>: look at and steer the outbound queue while the server runs.
/// The command changes only the store; the running server's scheduler notices within its poll interval.
/// </summary>
public static class QueueCommand
{
    /// <summary>What <c>retry</c> tells the operator about when the server acts on it.</summary>
    public const string PollNote = "the running server picks it up within its poll interval (Delivery:PollInterval, 1 minute by default)";

    /// <summary>Builds the command and its subcommands.</summary>
    public static Command Create() =>
        new("queue", "Look at and steer the outbound queue") { CreateList(), CreateShow(), CreateRetry(), CreateDelete(), CreateStats() };

    private static Argument<long> IdArgument() => new("ID") { Description = "The queue id, as listed by wren queue list" };

    private static Option<bool> JsonOption() => new("--json") { Description = "Write JSON for scripts instead of text" };

    private static Command CreateList()
    {
        var json = JsonOption();
        var command = new Command("list", "List queued messages, oldest first: id, queued, sender, size, attempts, next attempt, recipients pending/total, last error") { json };
        command.SetAction((parseResult, cancellationToken) => CommandAction.RunAsync(async () =>
        {
            await using var store = await DataDirectory.OpenStoreAsync(parseResult, cancellationToken);
            IReadOnlyList<QueueEntry> entries = await store.Queue.ListAsync(cancellationToken);
            if (parseResult.GetValue(json))
            {
                await QueueJson.WriteEntriesAsync(entries, cancellationToken);
                return ExitCodes.Success;
            }
            if (entries.Count == 0)
            {
                await Console.Out.WriteLineAsync("The queue is empty.");
                return ExitCodes.Success;
            }
            DateTimeOffset now = TimeProvider.System.GetUtcNow();
            var table = new TextTable(">ID", "QUEUED", "SENDER", ">SIZE", ">ATTEMPTS", "NEXT", ">RCPTS", "LAST ERROR");
            foreach (QueueEntry entry in entries)
            {
                QueueRecipient? firstPending = entry.Pending.FirstOrDefault();
                table.Add(
                    entry.Id.ToString(CultureInfo.InvariantCulture),
                    QueueText.ShortTime(entry.QueuedAt),
                    TextTable.Fit(QueueText.Sender(entry.Envelope.Sender), 40),
                    entry.Size.ToString(CultureInfo.InvariantCulture),
                    entry.Attempts.ToString(CultureInfo.InvariantCulture),
                    entry.NextAttemptAt <= now ? "due" : QueueText.ShortTime(entry.NextAttemptAt),
                    $"{entry.Pending.Count()}/{entry.Recipients.Count}",
                    TextTable.Fit(firstPending?.LastError, 60));
            }
            await Console.Out.WriteAsync(table.ToString());
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command CreateShow()
    {
        var idArgument = IdArgument();
        var content = new Option<bool>("--content") { Description = "Write only the stored message to stdout, byte for byte" };
        var json = JsonOption();
        var command = new Command("show", "Show a queued message: envelope and every recipient's status, last error and remote MTA") { idArgument, content, json };
        command.Validators.Add(result =>
        {
            if (result.GetValue(content) && result.GetValue(json))
                result.AddError("--content and --json cannot be used together");
        });
        command.SetAction((parseResult, cancellationToken) => CommandAction.RunAsync(async () =>
        {
            long id = parseResult.GetValue(idArgument);
            await using var store = await DataDirectory.OpenStoreAsync(parseResult, cancellationToken);
            if (parseResult.GetValue(content))
            {
                await using Stream message = await store.Queue.OpenContentAsync(id, cancellationToken) ?? throw NotQueued(id);
                await using Stream stdout = Console.OpenStandardOutput();
                await message.CopyToAsync(stdout, cancellationToken);
                await stdout.FlushAsync(cancellationToken);
                return ExitCodes.Success;
            }
            QueueEntry entry = await store.Queue.GetAsync(id, cancellationToken) ?? throw NotQueued(id);
            if (parseResult.GetValue(json))
                await QueueJson.WriteEntryAsync(entry, cancellationToken);
            else
                await Console.Out.WriteAsync(Describe(entry, TimeProvider.System.GetUtcNow()));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command CreateRetry()
    {
        var idArgument = new Argument<long?>("ID") { Description = "The queue id (or --all)", Arity = ArgumentArity.ZeroOrOne };
        var all = new Option<bool>("--all") { Description = "Every queued message" };
        var command = new Command("retry", "Make a queued message (or every one) due for delivery now") { idArgument, all };
        command.Validators.Add(result =>
        {
            bool hasId = result.GetValue(idArgument) is not null;
            bool hasAll = result.GetValue(all);
            if (hasId == hasAll)
                result.AddError(hasId ? "give a queue id or --all, not both" : "give a queue id or --all");
        });
        command.SetAction((parseResult, cancellationToken) => CommandAction.RunAsync(async () =>
        {
            long? id = parseResult.GetValue(idArgument);
            await using var store = await DataDirectory.OpenStoreAsync(parseResult, cancellationToken);
            int changed = await store.Queue.RetryNowAsync(id, TimeProvider.System.GetUtcNow(), cancellationToken);
            if (id is { } one && changed == 0)
                throw NotQueued(one);
            if (changed == 0)
            {
                await Console.Out.WriteLineAsync("The queue is empty.");
                return ExitCodes.Success;
            }
            await Console.Out.WriteLineAsync($"Made {changed} {(changed == 1 ? "entry" : "entries")} due now; {PollNote}.");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command CreateDelete()
    {
        var idArgument = IdArgument();
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask for confirmation" };
        var command = new Command("delete", "Remove a queued message without delivering it or telling the sender") { idArgument, yes };
        command.SetAction((parseResult, cancellationToken) => CommandAction.RunAsync(async () =>
        {
            long id = parseResult.GetValue(idArgument);
            await using var store = await DataDirectory.OpenStoreAsync(parseResult, cancellationToken);
            QueueEntry entry = await store.Queue.GetAsync(id, cancellationToken) ?? throw NotQueued(id);

            int pending = entry.Pending.Count();
            if (!parseResult.GetValue(yes) && !await Confirmation.AskAsync(
                    $"Delete queue entry {id} from {QueueText.Sender(entry.Envelope.Sender)} with {pending} pending recipient{(pending == 1 ? "" : "s")}, without delivering or bouncing it?",
                    cancellationToken))
                throw new CommandFailedException($"queue entry {id} was not deleted");

            // The server may have finished it between the look-up and now.
            if (!await store.Queue.DeleteAsync(id, cancellationToken))
                throw new CommandFailedException($"queue entry {id} left the queue meanwhile (delivered or bounced)");
            await Console.Out.WriteLineAsync($"Deleted queue entry {id}.");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command CreateStats()
    {
        var json = JsonOption();
        var command = new Command("stats", "Summarise the queue: entries, pending recipients, destination domains, oldest entry") { json };
        command.SetAction((parseResult, cancellationToken) => CommandAction.RunAsync(async () =>
        {
            await using var store = await DataDirectory.OpenStoreAsync(parseResult, cancellationToken);
            var stats = QueueStatistics.Of(await store.Queue.ListAsync(cancellationToken));
            DateTimeOffset now = TimeProvider.System.GetUtcNow();
            if (parseResult.GetValue(json))
                await QueueJson.WriteStatisticsAsync(stats, now, cancellationToken);
            else
                await Console.Out.WriteAsync(Describe(stats, now));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static CommandFailedException NotQueued(long id) => new($"no queue entry {id}");

    private static string Describe(QueueEntry entry, DateTimeOffset now)
    {
        var text = new StringBuilder();
        void Line(string name, string value) => text.Append(CultureInfo.InvariantCulture, $"  {name + ":",-14}{value}\n");

        var envelope = entry.Envelope;
        text.Append(CultureInfo.InvariantCulture, $"Queue entry {entry.Id}\n");
        Line("queued", QueueText.LongTime(entry.QueuedAt));
        Line("size", $"{entry.Size} bytes");
        Line("attempts", entry.LastAttemptAt is { } last ? $"{entry.Attempts} (last ended {QueueText.LongTime(last)})" : $"{entry.Attempts}");
        Line("next attempt", QueueText.LongTime(entry.NextAttemptAt) + (entry.NextAttemptAt <= now ? " (due)" : ""));
        Line("delay DSN", entry.DelayNotified ? "sent" : "not sent");
        text.Append("Envelope\n");
        Line("sender", QueueText.Sender(envelope.Sender));
        Line("BODY", QueueText.Body(envelope.Body));
        Line("SMTPUTF8", envelope.SmtpUtf8 ? "yes" : "no");
        Line("RET", QueueText.Return(envelope.Return) ?? "not given");
        Line("ENVID", envelope.EnvelopeId is null ? "none" : QueueText.Printable(envelope.EnvelopeId));
        foreach (QueueRecipient recipient in entry.Recipients)
        {
            text.Append(CultureInfo.InvariantCulture, $"Recipient {recipient.Position + 1}: <{recipient.Recipient.Address}>\n");
            Line("status", QueueText.Status(recipient.Status));
            IReadOnlyList<string> notify = QueueText.Notify(recipient.Recipient.Notify);
            Line("NOTIFY", notify.Count == 0 ? "not given" : string.Join(',', notify));
            Line("ORCPT", QueueText.Printable(QueueText.OriginalRecipient(recipient.Recipient.OriginalRecipient) ?? "none"));
            Line("last error", recipient.LastError is null ? "none" : QueueText.Printable(recipient.LastError));
            Line("remote MTA", recipient.RemoteMta is null ? "none" : QueueText.Printable(recipient.RemoteMta));
            Line("changed", recipient.UpdatedAt is { } updated ? QueueText.LongTime(updated) : "never");
        }
        return text.ToString();
    }

    private static string Describe(QueueStatistics stats, DateTimeOffset now)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Entries:             {stats.Entries}\n");
        text.Append(CultureInfo.InvariantCulture, $"Recipients pending:  {stats.Pending} ({stats.Deferred} deferred, {stats.NeverTried} never tried)\n");
        text.Append(stats.OldestQueuedAt is { } oldest
            ? $"Oldest entry:        {QueueText.Age(now - oldest)} (queued {QueueText.ShortTime(oldest)})\n"
            : "Oldest entry:        none\n");
        if (stats.Domains.Count == 0)
            return text.ToString();
        var table = new TextTable("DOMAIN", ">PENDING", "OLDEST");
        foreach (DomainQueueStatistics domain in stats.Domains)
            table.Add(domain.Domain, domain.Pending.ToString(CultureInfo.InvariantCulture), QueueText.Age(now - domain.OldestQueuedAt));
        text.Append('\n').Append(table);
        return text.ToString();
    }
}
