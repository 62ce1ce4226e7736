using System.Text.Json;
using Wren.Interop.Tests.Infrastructure;

namespace Wren.Interop.Tests;

/// <summary>Python's poplib, in the shape of the usual script, as a subprocess.</summary>
public class PythonPoplibTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Script = """
        import json, poplib, ssl, sys

        host, port, implicit, user, password = sys.argv[1:6]
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        if implicit == "1":
            pop = poplib.POP3_SSL(host, int(port), context=context)
        else:
            pop = poplib.POP3(host, int(port))
            caps = pop.capa()
            assert "STLS" in caps and "USER" not in caps, caps
            pop.stls(context)
        caps = pop.capa()
        out = {"welcome": pop.getwelcome().decode(), "capa": sorted(caps)}
        pop.user(user)
        pop.pass_(password)
        out["stat"] = list(pop.stat())
        out["list"] = [l.decode() for l in pop.list()[1]]
        out["uidl"] = [l.decode() for l in pop.uidl()[1]]
        out["uidl1"] = pop.uidl(1).decode()
        out["retr"] = [l.decode() for l in pop.retr(1)[1]]
        out["top"] = [l.decode() for l in pop.top(2, 1)[1]]
        out["dele"] = pop.dele(2).decode()
        try:
            pop.retr(2)
        except poplib.error_proto as e:
            out["retr_deleted"] = e.args[0].decode()
        out["quit"] = pop.quit().decode()
        print(json.dumps(out))
        """;

    private WrenServerProcess Server => fixture.Server;

    private async Task<JsonElement> RunAsync(string user, bool implicitTls)
    {
        var endpoint = implicitTls ? Server.Pop3s : Server.Pop3;
        var result = await ExternalProcess.RunAsync("python3",
            ["-c", Script, endpoint.Address.ToString(), endpoint.Port.ToString(), implicitTls ? "1" : "0", user, WrenServerProcess.Password]);
        Assert.True(result.ExitCode == 0, result.All);
        return JsonDocument.Parse(result.StandardOutput).RootElement;
    }

    private static List<string> Strings(JsonElement e) => e.EnumerateArray().Select(x => x.GetString()!).ToList();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Stls_or_implicit_tls_user_pass_stat_list_uidl_retr_top_dele_quit(bool implicitTls)
    {
        string user = await Server.NewUserAsync();
        byte[] first = Pop3Messages.Create("poplib first", 6);
        byte[] second = Pop3Messages.Create("poplib second", 3);
        await Server.DeliverAsync(user, first, second);

        var output = await RunAsync(user, implicitTls);

        Assert.StartsWith("+OK mx.wren.test POP3", output.GetProperty("welcome").GetString());
        Assert.Contains("UIDL", Strings(output.GetProperty("capa")));
        Assert.Contains("USER", Strings(output.GetProperty("capa")));
        Assert.Equal([2, first.Length + second.Length], output.GetProperty("stat").EnumerateArray().Select(x => x.GetInt32()));
        Assert.Equal([$"1 {first.Length}", $"2 {second.Length}"], Strings(output.GetProperty("list")));
        var uidl = Strings(output.GetProperty("uidl"));
        Assert.Equal("+OK " + uidl[0], output.GetProperty("uidl1").GetString());
        // poplib undoes the byte-stuffing; the lines are the stored ones.
        var retr = Strings(output.GetProperty("retr"));
        Assert.Contains("Subject: poplib first", retr);
        Assert.Equal(["line 1", ".line two starts with a dot", "..", ".", "line 5", "line 6"], retr[^6..]);
        var top = Strings(output.GetProperty("top"));
        Assert.Equal(["", "line 1"], top[^2..]);
        Assert.Equal("+OK message 2 deleted", output.GetProperty("dele").GetString());
        Assert.Equal("-ERR message 2 already deleted", output.GetProperty("retr_deleted").GetString());
        Assert.Equal("+OK Bye (1 messages deleted)", output.GetProperty("quit").GetString());

        Assert.Equal("poplib first", Assert.Single(await Server.ReadMailAsync(user)).Info.Subject);
    }

    [Fact]
    public async Task Uidl_is_the_same_in_every_session()
    {
        string user = await Server.NewUserAsync();
        await Server.DeliverAsync(user, Pop3Messages.Create("a"), Pop3Messages.Create("b"), Pop3Messages.Create("c"));
        const string script = """
            import poplib, ssl, sys
            context = ssl._create_unverified_context()
            pop = poplib.POP3_SSL(sys.argv[1], int(sys.argv[2]), context=context)
            pop.user(sys.argv[3]); pop.pass_(sys.argv[4])
            print(" ".join(l.decode().split()[1] for l in pop.uidl()[1]))
            pop.quit()
            """;
        var runs = new List<string>();
        for (int i = 0; i < 2; i++)
        {
            var result = await ExternalProcess.RunAsync("python3",
                ["-c", script, Server.Pop3s.Address.ToString(), Server.Pop3s.Port.ToString(), user, WrenServerProcess.Password]);
            Assert.True(result.ExitCode == 0, result.All);
            runs.Add(result.StandardOutput.Trim());
        }
        Assert.Equal(runs[0], runs[1]);
        Assert.Equal(3, runs[0].Split(' ').Distinct().Count());
    }
}
