using System.Text;
using Wren.Bench.Smtp;
using Wren.Mail.Addresses;
using Wren.Mail.Envelopes;
using Wren.Store.Messages;

namespace Wren.Bench.Outbound;

/// <summary>
/// Queues the messages to deliver the way Wren's SMTP server does for a submitted message: content with the
/// Return-Path line the store keeps, committed as an <see cref="AcceptedMessage"/> whose Outbound envelope
/// holds the remote recipients. Many commits are in flight at once, so the store's group commit writes them
/// in batches (up to 256 per transaction) instead of one fsync per message.
/// </summary>
internal static class QueueFiller
{
    private const int InFlight = 512;

    /// <summary>Queues <see cref="OutboundLoadOptions.Messages"/> messages; returns how many were queued.</summary>
    public static async Task<int> FillAsync(IMailStore mail, OutboundLoadOptions options, CancellationToken cancellationToken)
    {
        var sender = EmailAddress.Parse(OutboundLoadOptions.Sender);
        byte[] returnPath = Encoding.ASCII.GetBytes($"Return-Path: <{OutboundLoadOptions.Sender}>\r\n");
        var template = TestMessage.Create(OutboundLoadOptions.Sender, Recipient(0, 0), options.Size);
        int queued = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, options.Messages),
            new ParallelOptions { MaxDegreeOfParallelism = InFlight, CancellationToken = cancellationToken },
            async (n, ct) =>
            {
                var envelope = new Envelope
                {
                    Sender = sender,
                    Recipients = Enumerable.Range(0, options.Recipients)
                        .Select(k => new EnvelopeRecipient(EmailAddress.Parse(Recipient(n, k))))
                        .ToArray(),
                };
                byte[] content = template.NewBuffer();
                template.Stamp(content, n);
                await using MessageSpool spool = mail.CreateSpool();
                await spool.Content.WriteAsync(returnPath, ct).ConfigureAwait(false);
                await spool.Content.WriteAsync(content.AsMemory(0, template.Size), ct).ConfigureAwait(false); // without the DATA dot
                CommitResult result = await mail.CommitAsync(new AcceptedMessage(spool, [], envelope, DateTimeOffset.UtcNow), ct)
                    .ConfigureAwait(false);
                if (result.QueueId is not null)
                    Interlocked.Increment(ref queued);
            }).ConfigureAwait(false);
        return queued;
    }

    /// <summary>The address of recipient <paramref name="k"/> of message <paramref name="n"/>: distinct everywhere.</summary>
    private static string Recipient(int n, int k) => $"r{n}-{k}@{OutboundLoadOptions.Domain}";
}
