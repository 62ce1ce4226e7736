using Microsoft.Extensions.Logging;
using Wren.Mail.Addresses;
using Wren.Mail.Envelopes;
using MessageSummary = Wren.Mail.Summaries.MessageSummary;
using Wren.Smtp.Protocol;
using Wren.Smtp.Server;
using Wren.Store.Accounts;
using Wren.Store.Messages;

namespace Wren.Delivery.Inbound;

/// <summary>
/// The SMTP server's policy and sink: local recipients must exist, other domains only for authenticated
/// users (never an open relay), and accepted messages are filed in the store — local copies and the
/// outbound queue record in one durable commit.
/// </summary>
public sealed class MailHandler : ISmtpMessageHandler
{
    private const string RoutesKey = "Wren.Delivery.Routes";
    private const string SentMailbox = "Sent";
    private const string JunkMailbox = "Junk";
    // Staged messages up to this size stay in memory while they are checked or signed.
    private const int StagingMemoryLimit = 256 * 1024;

    private static readonly SmtpReply SenderNotOwned = new(553, "5.7.1", "Sender address not owned by the authenticated user");
    private static readonly SmtpReply TooManyHops = new(554, "5.4.6", "Too many Received fields: mail loop detected");
    // RFC 5321 §4.2.2 452 insufficient system storage; RFC 3463 X.2.2 mailbox full: the sender tries again later.
    private static readonly SmtpReply MailboxFull = new(452, "4.2.2", "Mailbox full: over quota");

    private readonly IAccountStore _accounts;
    private readonly IMailStore _mail;
    private readonly MailHandlerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<MailHandler> _logger;
    private readonly IMessageAuthStep? _auth;
    private readonly IMailboxStore? _mailboxes;
    private readonly string _stagingDirectory;

    /// <summary>
    /// Creates the handler over a store. With <paramref name="auth"/>, every message is staged and checked
    /// (MX role) or signed (submission) before it is filed; temporary staging files go to
    /// <paramref name="stagingDirectory"/> (the system's temporary folder by default). With
    /// <paramref name="mailboxes"/>, recipients' quotas (RFC 9208) are enforced: a recipient already at a limit
    /// gets 452 4.2.2 at RCPT, and a delivery is held to <see cref="QuotaEnforcement.BelowLimit"/>.
    /// </summary>
    public MailHandler(IAccountStore accounts, IMailStore mail, MailHandlerOptions options, TimeProvider time, ILogger<MailHandler> logger,
        IMessageAuthStep? auth = null, string? stagingDirectory = null, IMailboxStore? mailboxes = null)
    {
        _mailboxes = mailboxes;
        _accounts = accounts;
        _mail = mail;
        _options = options;
        _time = time;
        _logger = logger;
        _auth = auth;
        _stagingDirectory = stagingDirectory ?? Path.GetTempPath();
    }

    /// <inheritdoc />
    public async ValueTask<SmtpReply?> CheckSenderAsync(SmtpSessionInfo session, Envelope envelope, CancellationToken cancellationToken)
    {
        session.Items[RoutesKey] = new Dictionary<string, RecipientRoute>();
        if (session.AuthenticatedUser is not { } user || !_options.EnforceSenderOwnership || envelope.Sender is null)
            return null;
        if (envelope.Sender.Canonical == user.ToLowerInvariant())
            return null;
        RecipientResolution owners = await _accounts.ResolveAsync(envelope.Sender, cancellationToken);
        return owners.Users.Any(u => u.Address.Equals(user, StringComparison.OrdinalIgnoreCase)) ? null : SenderNotOwned;
    }

    /// <inheritdoc />
    public async ValueTask<SmtpReply?> CheckRecipientAsync(SmtpSessionInfo session, Envelope envelope, EnvelopeRecipient recipient, CancellationToken cancellationToken)
    {
        RecipientRoute route = await RouteAsync(recipient.Address, cancellationToken);
        if (route.Local is { } resolution)
        {
            if (resolution.IsUnknown)
                return SmtpReplies.UnknownUser;
            if (await IsAnyMailboxFullAsync(resolution, cancellationToken))
                return MailboxFull;
        }
        else if (session.AuthenticatedUser is null)
        {
            // RFC 5321 §3.6.2 / §7.1: relay only for authenticated users.
            return SmtpReplies.RelayDenied;
        }
        // Kept for the end of data, so the accepted message is filed without looking everything up again.
        if (session.Items.TryGetValue(RoutesKey, out object? routes))
            ((Dictionary<string, RecipientRoute>)routes)[recipient.Address.Canonical] = route;
        return null;
    }

    /// <summary>RFC 9208: true when a local user this recipient reaches is at or over a quota limit.</summary>
    private async Task<bool> IsAnyMailboxFullAsync(RecipientResolution resolution, CancellationToken cancellationToken)
    {
        if (_mailboxes is null)
            return false;
        foreach (UserAccount user in resolution.Users)
        {
            if (await _mailboxes.GetQuotaAsync(user.Id, cancellationToken) is { } quota
                && (quota.StorageBytes >= quota.Limits.StorageBytes || quota.Messages >= quota.Limits.Messages))
                return true;
        }
        return false;
    }

    private async Task<RecipientRoute> RouteAsync(EmailAddress address, CancellationToken cancellationToken) =>
        await _accounts.IsLocalDomainAsync(address.Domain, cancellationToken)
            ? new RecipientRoute(await _accounts.ResolveAsync(address, cancellationToken))
            : new RecipientRoute(null);

    /// <inheritdoc />
    public async ValueTask<IncomingMessage> BeginMessageAsync(SmtpSessionInfo session, Envelope envelope, CancellationToken cancellationToken)
    {
        MessageSpool spool = _mail.CreateSpool();
        if (_auth is not null)
        {
            // Checked or signed as a whole before filing: the fields that result go at the top.
            return new StoreIncomingMessage(this, session, envelope, spool, new StagedContent(_stagingDirectory, StagingMemoryLimit));
        }
        try
        {
            await WriteReturnPathAsync(spool, envelope, cancellationToken);
            return new StoreIncomingMessage(this, session, envelope, spool, null);
        }
        catch
        {
            await spool.DisposeAsync();
            throw;
        }
    }

    // RFC 5321 §4.4: the delivering server records the reverse-path in Return-Path, at the top.
    // The outbound side removes it again before relaying a queued copy.
    private static async Task WriteReturnPathAsync(MessageSpool spool, Envelope envelope, CancellationToken cancellationToken) =>
        await spool.Content.WriteAsync(System.Text.Encoding.UTF8.GetBytes($"Return-Path: <{envelope.Sender?.ToString() ?? ""}>\r\n"), cancellationToken);

    /// <summary>
    /// Runs the mail-authentication step over the staged message, then writes Return-Path, the step's fields
    /// and the message (minus the fields it drops) into the spool. Returns a refusal, or null to go on.
    /// </summary>
    private async Task<(SmtpReply? Refusal, bool Quarantine)> AuthenticateAsync(SmtpSessionInfo session, Envelope envelope,
        StagedContent staged, MessageSpool spool, CancellationToken cancellationToken)
    {
        MessageAuthOutcome outcome;
        await using (Stream content = staged.OpenRead())
        {
            outcome = session.AuthenticatedUser is not null
                ? await _auth!.SignSubmissionAsync(session, envelope, content, cancellationToken)
                : await _auth!.CheckInboundAsync(session, envelope, ForwardingDomain(session), content, cancellationToken);
        }
        if (outcome.Refusal is { } refusal)
            return (refusal, false);
        await WriteReturnPathAsync(spool, envelope, cancellationToken);
        if (outcome.PrependFields.Length > 0)
            await spool.Content.WriteAsync(System.Text.Encoding.UTF8.GetBytes(outcome.PrependFields), cancellationToken);
        await using (Stream content = staged.OpenRead())
        {
            if (outcome.DropField is { } drop)
            {
                int dropped = await HeaderFieldFilter.CopyAsync(content, spool.Content, drop, cancellationToken);
                if (dropped > 0)
                    _logger.LogInformation("Session {Session}: removed {Count} header fields (forged Authentication-Results)", session.Id, dropped);
            }
            else
            {
                await content.CopyToAsync(spool.Content, cancellationToken);
            }
        }
        return (null, outcome.Quarantine);
    }

    /// <summary>The local domain whose alias forwards this message to another server, if any recipient's does.</summary>
    private static string? ForwardingDomain(SmtpSessionInfo session) =>
        session.Items.TryGetValue(RoutesKey, out object? found)
            ? ((Dictionary<string, RecipientRoute>)found)
                .Where(r => r.Value.Local is { ExternalTargets.Count: > 0 })
                .Select(r => r.Key[(r.Key.LastIndexOf('@') + 1)..])
                .FirstOrDefault()
            : null;

    private async Task<SmtpReply> CommitAsync(SmtpSessionInfo session, Envelope envelope, MessageSpool spool, bool quarantine,
        CancellationToken cancellationToken)
    {
        var deliveries = new Dictionary<long, MailboxDelivery>();
        MailboxDelivery? sent = null;
        var outbound = new List<EnvelopeRecipient>();
        var routes = session.Items.TryGetValue(RoutesKey, out object? found) ? (Dictionary<string, RecipientRoute>)found : [];
        foreach (EnvelopeRecipient recipient in envelope.Recipients)
        {
            if (!routes.TryGetValue(recipient.Address.Canonical, out RecipientRoute? route))
                route = await RouteAsync(recipient.Address, cancellationToken);
            if (route.Local is not { } resolution)
            {
                outbound.Add(recipient);
                continue;
            }
            // Held to the quota only while under it: the message that crosses the limit is taken (RCPT refuses
            // a full mailbox), so one nearly full mailbox does not hold up the other recipients.
            QuotaEnforcement quota = _mailboxes is null ? QuotaEnforcement.None : QuotaEnforcement.BelowLimit;
            foreach (UserAccount user in resolution.Users)
            {
                if (!deliveries.ContainsKey(user.Id))
                    deliveries[user.Id] = (quarantine && await HasMailboxAsync(user.Id, JunkMailbox, cancellationToken)
                        ? new MailboxDelivery(user.Id, JunkMailbox)
                        : new MailboxDelivery(user.Id)) with { Quota = quota };
            }
            foreach (EmailAddress external in resolution.ExternalTargets)
                outbound.Add(new EnvelopeRecipient(external, recipient.Notify, recipient.OriginalRecipient ?? new OriginalRecipient("rfc822", recipient.Address.ToString())));
        }
        if (_options.SaveSubmittedToSent && session.AuthenticatedUser is { } submitter && (deliveries.Count > 0 || outbound.Count > 0))
        {
            // The submitter's own copy, like a client's "save to Sent" but without the second upload.
            UserAccount? user = await _accounts.FindUserAsync(submitter, cancellationToken);
            if (user is not null && await HasMailboxAsync(user.Id, SentMailbox, cancellationToken))
                sent = new MailboxDelivery(user.Id, SentMailbox, MessageFlags.Seen);
        }
        if (deliveries.Count == 0 && outbound.Count == 0)
        {
            // Every recipient vanished between RCPT and the end of data (deleted meanwhile).
            return SmtpReplies.UnknownUser;
        }
        var accepted = new AcceptedMessage(
            spool,
            sent is null ? deliveries.Values.ToArray() : [.. deliveries.Values, sent],
            outbound.Count > 0 ? envelope with { Recipients = outbound } : null,
            _time.GetUtcNow())
        {
            Summary = deliveries.Count > 0 || sent is not null ? await SummarizeAsync(session, spool, cancellationToken) : null,
        };
        CommitResult result = await _mail.CommitAsync(accepted, cancellationToken);
        _logger.LogInformation("Session {Session}: accepted message from {Sender}: {Local} local copies, {Remote} queued",
            session.Id, envelope.Sender?.ToString() ?? "<>", result.Messages.Count, outbound.Count);
        return new SmtpReply(250, "2.0.0", $"OK: queued as {session.Id}-{result.Messages.FirstOrDefault()?.MessageId ?? result.QueueId}");
    }

    /// <summary>
    /// The IMAP summary (ENVELOPE, BODYSTRUCTURE, section offsets) of a message with local copies, built once
    /// here so that FETCH never parses the message. A message MimeKit cannot summarise is still delivered
    /// (the summary is then built at its first FETCH, or FETCH answers without it).
    /// </summary>
    private async Task<string?> SummarizeAsync(SmtpSessionInfo session, MessageSpool spool, CancellationToken cancellationToken)
    {
        try
        {
            await using Stream content = spool.OpenRead();
            return (await MessageSummary.BuildAsync(content, cancellationToken)).ToStoredText();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogWarning(ex, "Session {Session}: no IMAP summary for the message", session.Id);
            return null;
        }
    }

    /// <summary>
    /// Whether the user still has this mailbox (a user may delete Junk or Sent): a copy for a mailbox that is
    /// gone would make the whole commit fail, so quarantined mail falls back to INBOX and the Sent copy is skipped.
    /// </summary>
    private async Task<bool> HasMailboxAsync(long userId, string mailbox, CancellationToken cancellationToken) =>
        (await _mail.ListMailboxesAsync(userId, cancellationToken)).Any(m => m.Name.Equals(mailbox, StringComparison.OrdinalIgnoreCase));

    /// <summary>Where one recipient's mail goes: local users and forwards, or (Local null) another domain.</summary>
    private sealed record RecipientRoute(RecipientResolution? Local);

    /// <summary>A message streaming into a store spool, directly or through a staging area first.</summary>
    private sealed class StoreIncomingMessage : IncomingMessage
    {
        private readonly MailHandler handler;
        private readonly SmtpSessionInfo session;
        private readonly Envelope envelope;
        private readonly MessageSpool spool;
        private readonly StagedContent? staged;
        private readonly HopCountingStream content;

        public StoreIncomingMessage(MailHandler handler, SmtpSessionInfo session, Envelope envelope, MessageSpool spool, StagedContent? staged)
        {
            this.handler = handler;
            this.session = session;
            this.envelope = envelope;
            this.spool = spool;
            this.staged = staged;
            content = new HopCountingStream(staged ?? spool.Content);
        }

        public override Stream Content => content;

        public override async ValueTask<SmtpReply> CommitAsync(CancellationToken cancellationToken)
        {
            if (content.Hops > handler._options.MaxReceivedHeaders)
            {
                // RFC 5321 §6.3: this many hops means a loop; refusing ends it (the last relay bounces it).
                handler._logger.LogWarning("Session {Session}: refused a message from {Sender} with {Hops} Received fields (mail loop?)",
                    session.Id, envelope.Sender?.ToString() ?? "<>", content.Hops);
                return TooManyHops;
            }
            try
            {
                bool quarantine = false;
                if (staged is not null)
                {
                    (SmtpReply? refusal, quarantine) = await handler.AuthenticateAsync(session, envelope, staged, spool, cancellationToken);
                    if (refusal is not null)
                        return refusal;
                }
                return await handler.CommitAsync(session, envelope, spool, quarantine, cancellationToken);
            }
            catch (QuotaExceededException ex)
            {
                // A recipient filled up between RCPT and the end of data: nothing was stored, the sender retries.
                handler._logger.LogInformation("Session {Session}: message refused, user {User} over quota ({Resource})",
                    session.Id, ex.UserId, ex.Resource);
                return MailboxFull;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                handler._logger.LogError(ex, "Session {Session}: storing the message failed", session.Id);
                return SmtpReplies.LocalError;
            }
        }

        public override async ValueTask DisposeAsync()
        {
            if (staged is not null)
                await staged.DisposeAsync();
            await spool.DisposeAsync();
        }
    }
}
