using System.Text.Encodings.Web;
using System.Text.Json;
using Wren.Store.Queue;

namespace Wren.Cli.Commands;

/// <summary>
/// The <c>--json</c> output of <c>wren queue</c>, for scripts: camelCase names, ISO 8601 times (UTC, as
/// stored), null for what is absent. Written by hand so the field names are a fixed contract, not whatever
/// the records happen to be called.
/// </summary>
public static class QueueJson
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        // Addresses may be UTF-8 (RFC 6531): keep them readable; this output is never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes <paramref name="entries"/> as an array of entry objects to stdout.</summary>
    public static Task WriteEntriesAsync(IEnumerable<QueueEntry> entries, CancellationToken cancellationToken) =>
        WriteAsync(writer =>
        {
            writer.WriteStartArray();
            foreach (QueueEntry entry in entries)
            {
                WriteEntry(writer, entry);
                if (writer.BytesPending > 64 * 1024)
                    writer.Flush(); // a long queue streams out instead of piling up in memory
            }
            writer.WriteEndArray();
        }, cancellationToken);

    /// <summary>Writes one entry object to stdout.</summary>
    public static Task WriteEntryAsync(QueueEntry entry, CancellationToken cancellationToken) =>
        WriteAsync(writer => WriteEntry(writer, entry), cancellationToken);

    /// <summary>Writes the statistics object to stdout; <paramref name="now"/> gives the oldest entry's age.</summary>
    public static Task WriteStatisticsAsync(QueueStatistics stats, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(writer =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("entries", stats.Entries);
            writer.WriteNumber("recipientsPending", stats.Pending);
            writer.WriteNumber("deferred", stats.Deferred);
            writer.WriteNumber("neverTried", stats.NeverTried);
            WriteTime(writer, "oldestQueuedAt", stats.OldestQueuedAt);
            if (stats.OldestQueuedAt is { } oldest)
                writer.WriteNumber("oldestAgeSeconds", (long)Math.Max(0, (now - oldest).TotalSeconds));
            else
                writer.WriteNull("oldestAgeSeconds");
            writer.WriteStartArray("domains");
            foreach (DomainQueueStatistics domain in stats.Domains)
            {
                writer.WriteStartObject();
                writer.WriteString("domain", domain.Domain);
                writer.WriteNumber("pending", domain.Pending);
                writer.WriteString("oldestQueuedAt", domain.OldestQueuedAt);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }, cancellationToken);

    private static void WriteEntry(Utf8JsonWriter writer, QueueEntry entry)
    {
        writer.WriteStartObject();
        writer.WriteNumber("id", entry.Id);
        writer.WriteString("queuedAt", entry.QueuedAt);
        // The null sender <> is JSON null: no address, as in the store.
        writer.WriteString("sender", entry.Envelope.Sender?.ToString());
        writer.WriteNumber("size", entry.Size);
        writer.WriteNumber("attempts", entry.Attempts);
        WriteTime(writer, "lastAttemptAt", entry.LastAttemptAt);
        writer.WriteString("nextAttemptAt", entry.NextAttemptAt);
        writer.WriteBoolean("delayNotified", entry.DelayNotified);
        writer.WriteString("body", QueueText.Body(entry.Envelope.Body));
        writer.WriteBoolean("smtpUtf8", entry.Envelope.SmtpUtf8);
        writer.WriteString("ret", QueueText.Return(entry.Envelope.Return));
        writer.WriteString("envid", entry.Envelope.EnvelopeId);
        writer.WriteStartArray("recipients");
        foreach (QueueRecipient recipient in entry.Recipients)
        {
            writer.WriteStartObject();
            writer.WriteNumber("position", recipient.Position);
            writer.WriteString("address", recipient.Recipient.Address.ToString());
            writer.WriteString("status", QueueText.Status(recipient.Status));
            writer.WriteStartArray("notify");
            foreach (string keyword in QueueText.Notify(recipient.Recipient.Notify))
                writer.WriteStringValue(keyword);
            writer.WriteEndArray();
            if (recipient.Recipient.OriginalRecipient is { } original)
            {
                writer.WriteStartObject("orcpt");
                writer.WriteString("type", original.AddressType);
                writer.WriteString("address", original.Address);
                writer.WriteEndObject();
            }
            else
            {
                writer.WriteNull("orcpt");
            }
            writer.WriteString("lastError", recipient.LastError);
            writer.WriteString("remoteMta", recipient.RemoteMta);
            WriteTime(writer, "updatedAt", recipient.UpdatedAt);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteTime(Utf8JsonWriter writer, string name, DateTimeOffset? time)
    {
        if (time is { } value)
            writer.WriteString(name, value);
        else
            writer.WriteNull(name);
    }

    private static async Task WriteAsync(Action<Utf8JsonWriter> write, CancellationToken cancellationToken)
    {
        await using Stream stdout = Console.OpenStandardOutput();
        await using (var writer = new Utf8JsonWriter(stdout, Options))
        {
            write(writer);
            await writer.FlushAsync(cancellationToken);
        }
        stdout.Write("\n"u8);
        await stdout.FlushAsync(cancellationToken);
    }
}
