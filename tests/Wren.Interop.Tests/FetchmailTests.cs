using System.Text.RegularExpressions;
using Wren.Interop.Tests.Infrastructure;

namespace Wren.Interop.Tests;

/// <summary>
/// fetchmail downloading a maildrop into an mbox file over POP3 with TLS: with <c>keep</c> a second run
/// fetches nothing (UIDL), then a run without keep empties the maildrop.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // fetchmail and its 0600 run control file are Unix things
public sealed partial class FetchmailTests(ServerFixture fixture) : IClassFixture<ServerFixture>, IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("wren-fetchmail-").FullName;

    private WrenServerProcess Server => fixture.Server;

    private string Mbox => Path.Combine(_home, "mbox");

    [Fact]
    public async Task Fetchmail_keeps_then_fetches_nothing_twice_then_deletes()
    {
        Assert.True(ExternalProcess.IsInstalled("fetchmail"), "fetchmail is not installed (.ci/run installs it with apt)");
        string user = await Server.NewUserAsync("fetch");
        await Server.DeliverAsync(user, Pop3Messages.Create("fetch-1"), Pop3Messages.Create("fetch-2", 4, 200_000), Pop3Messages.Create("fetch-3"));
        string rc = WriteConfiguration(user, stls: false);
        string stlsRc = WriteConfiguration(user, stls: true);

        // First over STLS on the plaintext port, then over implicit TLS: the UIDs are the same either way.
        var first = await FetchAsync(stlsRc, "--keep");
        Assert.True(first.ExitCode == 0, first.All);
        Assert.Equal(["fetch-1", "fetch-2", "fetch-3"], Subjects());

        // Same messages, still on the server: UIDL tells fetchmail it has them (exit code 1: no mail).
        var second = await FetchAsync(rc, "--keep");
        Assert.True(second.ExitCode == 1, second.All);
        Assert.Equal(["fetch-1", "fetch-2", "fetch-3"], Subjects());
        Assert.Equal(3, (await Server.ReadMailAsync(user)).Count);

        // Without keep: the new message is fetched and deleted, and --flush deletes the ones fetched before.
        await Server.DeliverAsync(user, Pop3Messages.Create("fetch-4"));
        var third = await FetchAsync(rc, "--nokeep", "--flush");
        Assert.True(third.ExitCode == 0, third.All);
        Assert.Equal(["fetch-1", "fetch-2", "fetch-3", "fetch-4"], Subjects());
        Assert.Empty(await Server.ReadMailAsync(user));
    }

    private string WriteConfiguration(string user, bool stls)
    {
        string mda = Path.Combine(_home, "deliver.sh");
        // An mboxrd MDA: a From_ line, the message with From_-like lines quoted, a blank line.
        File.WriteAllText(mda, $$"""
            #!/bin/sh
            { echo "From fetchmail@localhost Sat Nov 28 00:00:00 2026"; sed 's/^\(>*From \)/>\1/'; echo; } >> '{{Mbox}}'
            """);
        File.SetUnixFileMode(mda, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var endpoint = stls ? Server.Pop3 : Server.Pop3s;
        string rc = Path.Combine(_home, stls ? "fetchmailrc-stls" : "fetchmailrc");
        // The certificate is self-signed: no verification. With sslproto on the plain port fetchmail insists on STLS.
        File.WriteAllText(rc, $"""
            poll {endpoint.Address} service {endpoint.Port} protocol POP3 uidl
                user "{user}" password "{WrenServerProcess.Password}"
                {(stls ? "sslproto tls1.2+" : "ssl")} no sslcertck
                mda "{mda}"
            """);
        // fetchmail refuses a run control file that others can read.
        File.SetUnixFileMode(rc, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return rc;
    }

    private Task<ExternalProcess.Result> FetchAsync(string rc, params string[] options) =>
        ExternalProcess.RunAsync("env",
            [$"FETCHMAILHOME={_home}", "fetchmail", "-v", "-f", rc, "--idfile", Path.Combine(_home, "ids"), "--nosyslog", .. options],
            timeout: TimeSpan.FromSeconds(60));

    private List<string> Subjects() =>
        File.Exists(Mbox) ? SubjectLine().Matches(File.ReadAllText(Mbox)).Select(m => m.Groups[1].Value).ToList() : [];

    [GeneratedRegex(@"^Subject: (fetch-\d+)\r?$", RegexOptions.Multiline)]
    private static partial Regex SubjectLine();

    public void Dispose()
    {
        try
        {
            Directory.Delete(_home, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
