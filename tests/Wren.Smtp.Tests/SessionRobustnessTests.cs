using System.Text;

namespace Wren.Smtp.Tests;

/// <summary>Random and mutated input never takes a session or the server down, and never fakes a message.</summary>
public class SessionRobustnessTests
{
    private static readonly string[] Fragments =
    [
        "EHLO x", "HELO", "MAIL FROM:<a@b.test>", "MAIL FROM:<>", "RCPT TO:<c@d.test>", "RCPT TO:<", "DATA", "BDAT 5",
        "BDAT x LAST", "RSET", "NOOP", "AUTH PLAIN", "STARTTLS", "VRFY", ".", "..", "\r", "\n", "\0", "ü", "<>", ":",
        "SIZE=99999999999999999999", "BODY=8BITMIME", "NOTIFY=NEVER,SUCCESS", "ORCPT=rfc822;+ZZ", " ", "\t",
    ];

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public async Task Random_command_streams_get_replies_and_the_server_lives_on(int seed)
    {
        var random = new Random(seed);
        await using var server = new InProcessServer();
        for (int connection = 0; connection < 20; connection++)
        {
            var input = new StringBuilder();
            for (int i = random.Next(1, 60); i > 0; i--)
            {
                input.Append(Fragments[random.Next(Fragments.Length)]);
                if (random.Next(3) > 0)
                    input.Append(Fragments[random.Next(Fragments.Length)]);
                input.Append(random.Next(6) == 0 ? "\n" : "\r\n");
            }
            var (stream, client) = await server.ConnectAsync();
            using (client)
            {
                await stream.WriteAsync(Encoding.UTF8.GetBytes(input.ToString()));
                client.Client.Shutdown(System.Net.Sockets.SocketShutdown.Send);
                // The server answers what it can parse and closes when the input ends.
                string replies = await InProcessServer.ReadUntilAsync(stream, "\0never");
                Assert.StartsWith("220 ", replies);
                foreach (string line in replies.Split("\r\n", StringSplitOptions.RemoveEmptyEntries))
                    Assert.Matches(@"^[2345]\d\d[ -]", line);
            }
        }

        // Still serving: a clean transaction goes through.
        var (s, c) = await server.ConnectAsync();
        using (c)
        {
            await s.WriteAsync("EHLO ok\r\nMAIL FROM:<a@b.test>\r\nRCPT TO:<c@d.test>\r\nDATA\r\n"u8.ToArray());
            await InProcessServer.ReadUntilAsync(s, "354");
            await s.WriteAsync("Subject: after the storm\r\n\r\nok\r\n.\r\nQUIT\r\n"u8.ToArray());
            Assert.Contains("221 2.0.0", await InProcessServer.ReadUntilAsync(s, "221"));
        }
        Assert.Contains(server.Handler.Messages, m => Encoding.UTF8.GetString(m).Contains("Subject: after the storm"));
    }
}
