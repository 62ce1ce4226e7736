using System.Text;
using Wren.Smtp.Server;

namespace Wren.Smtp.Tests;

public class SubmissionHeaderCompleterTests
{
    private static async Task<string> RunAsync(string message, int chunk)
    {
        var inner = new MemoryStream();
        var completer = new SubmissionHeaderCompleter(inner, () => "<id@host>", () => "Sat, 28 Nov 2026 18:00:00 +0000");
        byte[] bytes = Encoding.ASCII.GetBytes(message);
        for (int i = 0; i < bytes.Length; i += chunk)
            await completer.WriteAsync(bytes.AsMemory(i, Math.Min(chunk, bytes.Length - i)));
        await completer.FlushAsync();
        return Encoding.ASCII.GetString(inner.ToArray());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task Adds_missing_date_and_message_id(int chunk)
    {
        string result = await RunAsync("Subject: hi\r\n\r\nbody\r\n", chunk);
        Assert.Equal("Date: Sat, 28 Nov 2026 18:00:00 +0000\r\nMessage-ID: <id@host>\r\nSubject: hi\r\n\r\nbody\r\n", result);
    }

    [Fact]
    public async Task Keeps_existing_fields_and_ignores_body_lookalikes()
    {
        string result = await RunAsync("date: Fri, 27 Nov 2026 10:00:00 +0000\r\nMessage-Id: <a@b>\r\n\r\nDate: not a header\r\n", 5);
        Assert.StartsWith("date: Fri", result);
        Assert.DoesNotContain("<id@host>", result);
    }

    [Fact]
    public async Task Body_field_names_do_not_count()
    {
        string result = await RunAsync("Subject: x\r\n\r\nMessage-ID: <in@body>\r\n", 3);
        Assert.Contains("Message-ID: <id@host>", result);
    }
}
