using System.Net;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Wren.Delivery.Inbound;
using Wren.Mail.Addresses;
using Wren.Mail.Envelopes;
using Wren.Smtp.Protocol;
using Wren.Smtp.Server;
using Wren.Store.Accounts;
using Wren.Store.Messages;
using Wren.Store.Sqlite;

namespace Wren.Delivery.Tests.Inbound;

/// <summary>
/// The inbound handler with a mail-authentication step: the message is staged, the step sees it whole, and
/// what it decides (fields at the top, fields removed, refusal, Junk) is what the store holds.
/// </summary>
public sealed class MailHandlerAuthTests : IAsyncLifetime
{
    private const string Message = "Received: from client by mx.a.test; Thu, 3 Dec 2026 10:00:00 +0000\r\n" +
        "Authentication-Results: mx.a.test; dmarc=pass header.from=forged.example\r\n" +
        "From: someone@remote.example\r\nSubject: hello\r\n\r\nbody\r\n";

    private readonly string folder = Path.Combine(Path.GetTempPath(), "wren-handler-" + Guid.NewGuid().ToString("N"));
    private SqliteStore store = null!;
    private UserAccount alice = null!;

    public async Task InitializeAsync()
    {
        store = await SqliteStore.OpenAsync(folder, timeProvider: new FakeTimeProvider());
        await store.Accounts.AddDomainAsync("a.test");
        alice = await store.Accounts.AddUserAsync(EmailAddress.Parse("alice@a.test"),
            new UserCredential(new byte[16], 4096, new byte[32], new byte[32]));
        await store.Accounts.AddAliasAsync("list@a.test", EmailAddress.Parse("carol@elsewhere.example"));
    }

    public async Task DisposeAsync()
    {
        await store.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    private async Task<SmtpReply> ReceiveAsync(ScriptedAuthStep step, string recipient = "alice@a.test")
    {
        var handler = new MailHandler(store.Accounts, store.Mail, new MailHandlerOptions(), TimeProvider.System,
            NullLogger<MailHandler>.Instance, step, folder);
        var session = new SmtpSessionInfo { Id = "s1", RemoteEndPoint = new IPEndPoint(IPAddress.Loopback, 40000), Role = SmtpListenerRole.Relay };
        var envelope = new Envelope { Sender = EmailAddress.Parse("someone@remote.example") };
        Assert.Null(await handler.CheckSenderAsync(session, envelope, CancellationToken.None));
        var rcpt = new EnvelopeRecipient(EmailAddress.Parse(recipient));
        Assert.Null(await handler.CheckRecipientAsync(session, envelope, rcpt, CancellationToken.None));
        envelope = envelope with { Recipients = [rcpt] };
        await using IncomingMessage incoming = await handler.BeginMessageAsync(session, envelope, CancellationToken.None);
        await incoming.Content.WriteAsync(Encoding.UTF8.GetBytes(Message));
        return await incoming.CommitAsync(CancellationToken.None);
    }

    private async Task<string?> StoredAsync(string mailbox)
    {
        var messages = await store.Mail.ListMessagesAsync(alice.Id, mailbox);
        if (messages.Count == 0)
            return null;
        await using Stream? content = await store.Mail.OpenMessageAsync(alice.Id, messages[0].Id);
        using var reader = new StreamReader(content!);
        return await reader.ReadToEndAsync();
    }

    [Fact]
    public async Task Fields_from_the_step_go_on_top_and_forged_ones_are_removed()
    {
        var step = new ScriptedAuthStep(new MessageAuthOutcome(
            "Authentication-Results: mx.a.test; spf=pass smtp.mailfrom=remote.example\r\n",
            (name, value) => name.Equals("Authentication-Results", StringComparison.OrdinalIgnoreCase) && value.StartsWith("mx.a.test")));
        SmtpReply reply = await ReceiveAsync(step);
        Assert.Equal(250, reply.Code);
        Assert.Equal(Message, step.Seen); // the step saw the message as received
        Assert.Equal(
            "Return-Path: <someone@remote.example>\r\n" +
            "Authentication-Results: mx.a.test; spf=pass smtp.mailfrom=remote.example\r\n" +
            "Received: from client by mx.a.test; Thu, 3 Dec 2026 10:00:00 +0000\r\n" +
            "From: someone@remote.example\r\nSubject: hello\r\n\r\nbody\r\n",
            await StoredAsync("INBOX"));
        Assert.Null(step.ForwardingDomain);
    }

    [Fact]
    public async Task The_imap_summary_is_built_at_delivery_from_the_stored_bytes()
    {
        SmtpReply reply = await ReceiveAsync(new ScriptedAuthStep(new MessageAuthOutcome("Authentication-Results: mx.a.test; none\r\n")));
        Assert.Equal(250, reply.Code);
        var stored = (await store.Mail.ListMessagesAsync(alice.Id, "INBOX"))[0];
        var summary = Wren.Mail.Summaries.MessageSummary.TryParseStoredText(await store.Mailboxes.GetSummaryAsync(alice.Id, stored.Id));
        Assert.NotNull(summary);
        Assert.Equal("hello", summary.Envelope.Subject);
        // Offsets are those of the stored message, Return-Path and Authentication-Results included.
        Assert.Equal(stored.Size, summary.Size);
    }

    [Fact]
    public async Task Refusal_stores_nothing()
    {
        var step = new ScriptedAuthStep(new MessageAuthOutcome("", Refusal: new SmtpReply(550, "5.7.1", "DMARC policy of remote.example says reject")));
        SmtpReply reply = await ReceiveAsync(step);
        Assert.Equal(550, reply.Code);
        Assert.Null(await StoredAsync("INBOX"));
        Assert.Null(await StoredAsync("Junk"));
    }

    [Fact]
    public async Task Quarantine_files_the_message_in_Junk()
    {
        SmtpReply reply = await ReceiveAsync(new ScriptedAuthStep(new MessageAuthOutcome("X-Test: 1\r\n", Quarantine: true)));
        Assert.Equal(250, reply.Code);
        Assert.Null(await StoredAsync("INBOX"));
        Assert.StartsWith("Return-Path: <someone@remote.example>\r\nX-Test: 1\r\nReceived:", await StoredAsync("Junk"));
    }

    [Fact]
    public async Task Quarantine_falls_back_to_the_inbox_when_the_user_has_no_Junk()
    {
        // Users may delete their Junk mailbox; the message must not fail for it.
        await using (var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(folder, "wren.db")}"))
        {
            await db.OpenAsync();
            await using var delete = db.CreateCommand();
            delete.CommandText = "DELETE FROM mailboxes WHERE user_id = $user AND name = 'Junk'";
            delete.Parameters.AddWithValue("$user", alice.Id);
            Assert.Equal(1, await delete.ExecuteNonQueryAsync());
        }
        SmtpReply reply = await ReceiveAsync(new ScriptedAuthStep(new MessageAuthOutcome("", Quarantine: true)));
        Assert.Equal(250, reply.Code);
        Assert.NotNull(await StoredAsync("INBOX"));
    }

    [Fact]
    public async Task Forwarding_alias_names_its_domain_to_the_step()
    {
        var step = new ScriptedAuthStep(MessageAuthOutcome.Unchanged);
        Assert.Equal(250, (await ReceiveAsync(step, "list@a.test")).Code);
        Assert.Equal("a.test", step.ForwardingDomain);
    }

    private sealed class ScriptedAuthStep(MessageAuthOutcome outcome) : IMessageAuthStep
    {
        public string? Seen { get; private set; }
        public string? ForwardingDomain { get; private set; }

        public async Task<MessageAuthOutcome> CheckInboundAsync(SmtpSessionInfo session, Envelope envelope, string? forwardingDomain,
            Stream content, CancellationToken cancellationToken)
        {
            ForwardingDomain = forwardingDomain;
            using var reader = new StreamReader(content);
            Seen = await reader.ReadToEndAsync(cancellationToken);
            return outcome;
        }

        public Task<MessageAuthOutcome> SignSubmissionAsync(SmtpSessionInfo session, Envelope envelope, Stream content,
            CancellationToken cancellationToken) => throw new InvalidOperationException("no submissions here");
    }
}
