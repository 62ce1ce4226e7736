using System.Text;
using Wren.Store.Messages;

namespace Wren.Imap.Tests.Server;

/// <summary>Messages with known structure for the FETCH tests, and a store append with a fixed internal date.</summary>
internal static class ImapFetchTestData
{
    public static readonly DateTimeOffset InternalDate = new(2026, 12, 1, 9, 30, 5, TimeSpan.FromHours(-7));

    public const string Simple =
        "From: Bob <bob@example.test>\r\nTo: alice@example.test\r\nSubject: hello\r\n" +
        "Date: Tue, 01 Dec 2026 09:00:00 -0700\r\nMessage-ID: <m1@example.test>\r\n\r\nHello, Alice.\r\nSecond line.\r\n";

    // Part 1 plain text, part 2 base64 of the bytes 0..4 (NUL included), part 3 an encoding nobody knows.
    public const string Multipart =
        "From: Bob <bob@example.test>\r\nTo: alice@example.test\r\nSubject: parts\r\nMIME-Version: 1.0\r\n" +
        "Content-Type: multipart/mixed; boundary=\"XX\"\r\n\r\n" +
        "Preamble.\r\n--XX\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nPart one.\r\n" +
        "--XX\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\nAAECAwQ=\r\n" +
        "--XX\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: x-rot13\r\n\r\nUryyb.\r\n" +
        "--XX--\r\n";

    public static async Task<AppendResult> AppendAsync(ImapStoreFixture fixture, string mailbox, string content,
        MessageFlags flags = MessageFlags.None, string? summary = null) =>
        await AppendAsync(fixture, mailbox, Encoding.UTF8.GetBytes(content), flags, summary);

    public static async Task<AppendResult> AppendAsync(ImapStoreFixture fixture, string mailbox, byte[] content,
        MessageFlags flags = MessageFlags.None, string? summary = null)
    {
        var user = await ImapMailboxData.UserAsync(fixture);
        await using MessageSpool spool = fixture.Store.Mail.CreateSpool();
        await spool.Content.WriteAsync(content);
        return await fixture.Store.Mailboxes.AppendAsync(user.Id, mailbox, new AppendRequest(spool, flags, null, InternalDate) { Summary = summary });
    }
}
