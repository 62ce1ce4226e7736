using Wren.Delivery.Bounces;
using Wren.Delivery.Signing;
using Wren.Mail.Addresses;
using Wren.Mail.Envelopes;
using Wren.Store.Accounts;
using Wren.Store.Messages;
using Wren.Store.Queue;

namespace Wren.Delivery.Outbound;

/// <summary>
/// Turns a round's reportable outcomes into a DSN addressed to the entry's sender: filed straight into the
/// sender's mailbox when the sender is one of Wren's users, otherwise queued (with the null reverse-path,
/// so it can never bounce in turn).
/// </summary>
public sealed class BounceComposer
{
    private readonly IMailStore mail;
    private readonly IQueueStore queue;
    private readonly IAccountStore accounts;
    private readonly DsnBuilder builder;
    private readonly TimeProvider time;
    private readonly IMessageSigner? signer;

    /// <summary>Creates the composer; with <paramref name="signer"/>, DSNs are DKIM-signed (so DMARC passes for them too).</summary>
    public BounceComposer(IMailStore mail, IQueueStore queue, IAccountStore accounts, DsnBuilder builder, TimeProvider time,
        IMessageSigner? signer = null)
    {
        this.mail = mail;
        this.queue = queue;
        this.accounts = accounts;
        this.builder = builder;
        this.time = time;
        this.signer = signer;
    }

    /// <summary>
    /// Builds the DSN and where it goes; null when there is nobody to tell (null sender, or a local sender
    /// that no longer exists). The caller commits it (with the outcomes it reports) and disposes its spool.
    /// </summary>
    public async Task<AcceptedMessage?> ComposeAsync(QueueEntry entry, IReadOnlyList<DsnRecipient> recipients, CancellationToken cancellationToken)
    {
        if (!DsnPolicy.CanBounceTo(entry.Envelope) || entry.Envelope.Sender is not { } sender)
            return null; // RFC 3461 §6.2: never a DSN for a message with the null reverse-path

        var deliveries = new List<MailboxDelivery>();
        Envelope? outbound = null;
        DsnMessage dsn;
        await using (Stream stored = await queue.OpenContentAsync(entry.Id, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Queue entry {entry.Id} has no content."))
        await using (var original = new QueuedContent(stored))
            dsn = await builder.BuildAsync(new DsnReport(entry.Envelope, entry.QueuedAt, recipients), original, cancellationToken).ConfigureAwait(false);

        if (await accounts.IsLocalDomainAsync(sender.Domain, cancellationToken).ConfigureAwait(false))
        {
            RecipientResolution local = await accounts.ResolveAsync(sender, cancellationToken).ConfigureAwait(false);
            deliveries.AddRange(local.Users.Select(u => new MailboxDelivery(u.Id)));
            if (local.ExternalTargets.Count > 0)
                outbound = dsn.Envelope with { Recipients = local.ExternalTargets.Select(a => new EnvelopeRecipient(a)).ToArray() };
        }
        else
        {
            outbound = dsn.Envelope;
        }
        if (deliveries.Count == 0 && outbound is null)
            return null;

        MessageSpool spool = mail.CreateSpool();
        try
        {
            // As for every stored message (MailHandler): Return-Path first — here the null reverse-path.
            await spool.Content.WriteAsync("Return-Path: <>\r\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
            if (signer is null)
            {
                await dsn.WriteToAsync(spool.Content, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                // A DSN is small (its returned original is capped), so it is signed from memory.
                using var bytes = new MemoryStream(dsn.ToArray(), writable: false);
                string signature = await signer.SignAsync(bytes, cancellationToken).ConfigureAwait(false);
                await spool.Content.WriteAsync(System.Text.Encoding.UTF8.GetBytes(signature), cancellationToken).ConfigureAwait(false);
                bytes.Position = 0;
                await bytes.CopyToAsync(spool.Content, cancellationToken).ConfigureAwait(false);
            }
            return new AcceptedMessage(spool, deliveries, outbound, time.GetUtcNow());
        }
        catch
        {
            await spool.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
