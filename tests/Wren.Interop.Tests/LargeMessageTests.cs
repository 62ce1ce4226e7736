using System.Security.Cryptography;
using System.Text;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Wren.Interop.Tests.Infrastructure;

namespace Wren.Interop.Tests;

/// <summary>A 50 MB message streams into the store: it arrives intact and the server's memory does not grow by its size.</summary>
public class LargeMessageTests
{
    private const int PayloadBytes = 50 * 1024 * 1024;

    [Fact]
    public async Task Fifty_megabytes_arrive_intact_in_bounded_memory()
    {
        await using var server = await WrenServerProcess.StartAsync();
        await server.AddUsersAsync("bob@example.test");
        string subject = "large " + Guid.NewGuid().ToString("N");
        byte[] payload = RandomNumberGenerator.GetBytes(PayloadBytes * 3 / 4); // base64 brings it to 50 MB
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("big@remote.test"));
        message.To.Add(MailboxAddress.Parse("bob@example.test"));
        message.Subject = subject;
        var builder = new BodyBuilder { TextBody = "large attachment\n" };
        builder.Attachments.Add("large.bin", payload, new ContentType("application", "octet-stream"));
        message.Body = builder.ToMessageBody();

        using var client = new SmtpClient();
        await client.ConnectAsync(server.Smtp.Address.ToString(), server.Smtp.Port, SecureSocketOptions.None);
        await client.SendAsync(TextOnly(subject + " warm-up"));
        long before = PeakResidentBytes(server.ProcessId);
        await client.SendAsync(message);
        long after = PeakResidentBytes(server.ProcessId);
        await client.DisconnectAsync(true);

        // Slurping the message would cost at least its 50 MB (and more for copies); streaming costs buffers.
        Assert.True(after - before < 32L * 1024 * 1024, $"peak memory grew by {(after - before) / 1048576} MiB");
        var stored = (await server.ReadMailAsync("bob@example.test")).Single(m => m.Info.Subject == subject);
        Assert.True(stored.Info.Size > PayloadBytes);
        var parsed = MimeMessage.Load(new MemoryStream(stored.Bytes));
        var decoded = new MemoryStream();
        ((MimePart)parsed.Attachments.Single()).Content!.DecodeTo(decoded);
        Assert.True(payload.AsSpan().SequenceEqual(decoded.ToArray()));
    }

    private static MimeMessage TextOnly(string subject)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("big@remote.test"));
        message.To.Add(MailboxAddress.Parse("bob@example.test"));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = "small\n" };
        return message;
    }

    // VmHWM: the process's peak resident set size, from /proc.
    private static long PeakResidentBytes(int pid)
    {
        string line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmHWM:"));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
    }
}
