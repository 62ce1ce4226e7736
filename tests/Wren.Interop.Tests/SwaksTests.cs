using Wren.Interop.Tests.Infrastructure;

namespace Wren.Interop.Tests;

/// <summary>
/// swaks, the SMTP test tool, as an independent client (installed by .ci/run). Debian's swaks 20201014 has
/// no BDAT support, so CHUNKING is covered by MailKit and the raw-socket tests.
/// </summary>
public class SwaksTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private WrenServerProcess Server => fixture.Server;

    private Task<ExternalProcess.Result> SwaksAsync(params string[] arguments) =>
        ExternalProcess.RunAsync("swaks", ["--server", Server.Smtp.Address.ToString(), "--port", Server.Smtp.Port.ToString(),
            "--helo", "swaks.test", "--from", "someone@remote.test", .. arguments]);

    [Fact]
    public async Task Pipelined_delivery_to_a_local_user()
    {
        string subject = "swaks pipelining " + Guid.NewGuid().ToString("N");
        var result = await SwaksAsync("--pipeline", "--to", "bob@example.test", "--header", "Subject: " + subject);
        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("250-PIPELINING", result.StandardOutput);
        Assert.Contains(await Server.ReadMailAsync("bob@example.test"), m => m.Info.Subject == subject);
    }

    [Fact]
    public async Task Unknown_user_is_refused_with_550_5_1_1()
    {
        var result = await SwaksAsync("--to", "nobody@example.test");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("550 5.1.1", result.All);
    }

    [Fact]
    public async Task Relay_is_refused_with_554_5_7_1()
    {
        var result = await SwaksAsync("--to", "someone@elsewhere.test");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("554 5.7.1", result.All);
    }

    [Fact]
    public async Task Wrong_password_on_submission_is_535_5_7_8()
    {
        var result = await ExternalProcess.RunAsync("swaks", ["--server", Server.Submission.Address.ToString(),
            "--port", Server.Submission.Port.ToString(), "--tls", "--auth", "PLAIN", "--auth-user", "alice@example.test",
            "--auth-password", "wrong", "--from", "alice@example.test", "--to", "bob@example.test"]);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("535 5.7.8", result.All);
    }

    [Fact]
    public async Task Authenticated_submission_with_starttls()
    {
        string subject = "swaks auth " + Guid.NewGuid().ToString("N");
        var result = await ExternalProcess.RunAsync("swaks", ["--server", Server.Submission.Address.ToString(),
            "--port", Server.Submission.Port.ToString(), "--tls", "--auth", "LOGIN", "--auth-user", "alice@example.test",
            "--auth-password", WrenServerProcess.Password, "--from", "alice@example.test", "--to", "bob@example.test",
            "--header", "Subject: " + subject]);
        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains(await Server.ReadMailAsync("bob@example.test"), m => m.Info.Subject == subject);
    }
}
