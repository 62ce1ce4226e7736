using Wren.Interop.Tests.Infrastructure;

namespace Wren.Interop.Tests;

/// <summary>Flags and wren.json configure <c>wren serve</c>, over WREN__ variables.</summary>
public class ServeConfigurationTests
{
    [Fact]
    public async Task Flags_override_environment_and_set_any_key()
    {
        await using var server = await WrenServerProcess.StartAsync(
            settings: new Dictionary<string, string> { ["WREN__SMTP__MAXRECIPIENTS"] = "50" },
            arguments: ["--hostname", "flags.wren.test", "--smtp", "127.0.0.2:0", "--set", "Listeners:Submissions:0=",
                        "--set", "Smtp:MaxRecipients=1"]);
        Assert.Equal("127.0.0.2", server.Smtp.Address.ToString());
        Assert.False(server.Listeners.ContainsKey("submissions"));
        await server.AddUsersAsync("bob@example.test");
        await using var c = await RawSmtpClient.ConnectAsync(server.Smtp);
        Assert.StartsWith("220 flags.wren.test ESMTP", await c.ReadReplyAsync());
        Assert.StartsWith("250", await c.CommandAsync("EHLO client.test"));
        Assert.StartsWith("250", await c.CommandAsync("MAIL FROM:<a@b.test>"));
        Assert.StartsWith("250", await c.CommandAsync("RCPT TO:<bob@example.test>"));
        Assert.StartsWith("452 4.5.3", await c.CommandAsync("RCPT TO:<bob+2@example.test>"));
    }

    [Theory]
    [InlineData("Dns:Servers:0=resolver.example", "Dns:Servers:0 is 'resolver.example'")]
    [InlineData("Smarthost:Tls=none", "Smarthost:Tls is 'none'; expected starttls or implicit")]
    [InlineData("Delivery:MaxConnectionsPerDomain=0", "Delivery:MaxConnectionsPerDomain must be at least 1")]
    [InlineData("PublicAddress=mail.example.com", "PublicAddress is 'mail.example.com'; expected an IPv4 or IPv6 address")]
    [InlineData("MailAuth:Timeout=00:00:00", "MailAuth:Timeout must be positive")]
    public async Task Bad_outbound_settings_stop_the_server_before_it_listens(string setting, string message)
    {
        using var cli = new WrenCli();
        var result = await cli.RunRawAsync(["serve", "--data", cli.DataDirectory, "--smtp", "127.0.0.1:0",
            "--set", "Smarthost:Host=smtp.provider.test", "--set", setting]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("wren serve: bad configuration: " + message, result.StandardError);
        Assert.DoesNotContain("wren: ready", result.StandardOutput);
    }

    [Fact]
    public async Task Wren_json_in_the_working_directory_is_read()
    {
        string data = Directory.CreateTempSubdirectory("wren-json-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(data, "wren.json"), """
                { "Hostname": "json.wren.test", "Listeners": { "Submission": [""] } }
                """);
            // WrenServerProcess runs the server with the data folder as its working directory.
            await using var server = await WrenServerProcess.StartAsync(data,
                settings: new Dictionary<string, string> { ["WREN__HOSTNAME"] = "", ["WREN__LISTENERS__SUBMISSION__0"] = "" });
            Assert.False(server.Listeners.ContainsKey("submission"));
            await using var c = await RawSmtpClient.ConnectAsync(server.Smtp);
            Assert.StartsWith("220 json.wren.test ESMTP", await c.ReadReplyAsync());
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
