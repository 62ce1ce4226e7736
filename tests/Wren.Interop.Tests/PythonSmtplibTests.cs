using System.Text;
using Wren.Interop.Tests.Infrastructure;

namespace Wren.Interop.Tests;

/// <summary>Python's smtplib, in the shape of the usual script, as a subprocess.</summary>
public class PythonSmtplibTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Script = """
        import smtplib, ssl, sys
        from email.mime.multipart import MIMEMultipart
        from email.mime.text import MIMEText

        host, port, user, password, to, subject = sys.argv[1:7]
        msg = MIMEMultipart()
        msg["From"] = user
        msg["To"] = to
        msg["Subject"] = subject
        msg.attach(MIMEText("Hello from smtplib.\n", "plain"))

        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        server = smtplib.SMTP(host, int(port))
        server.starttls(context=context)
        server.login(user, password)
        refused = server.send_message(msg)
        server.quit()
        print("refused:", refused)
        """;

    [Fact]
    public async Task Starttls_login_send_message_quit()
    {
        string subject = "smtplib " + Guid.NewGuid().ToString("N");
        var server = fixture.Server;
        var result = await ExternalProcess.RunAsync("python3",
            ["-c", Script, server.Submission.Address.ToString(), server.Submission.Port.ToString(),
             "alice@example.test", WrenServerProcess.Password, "bob@example.test", subject]);
        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("refused: {}", result.StandardOutput);
        var stored = (await server.ReadMailAsync("bob@example.test")).Single(m => m.Info.Subject == subject);
        string text = Encoding.UTF8.GetString(stored.Bytes);
        Assert.Contains("with ESMTPSA", text);
        Assert.Contains("Hello from smtplib.", text);
        Assert.Contains("Content-Type: multipart/mixed", text);
    }
}
