using Wren.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Wren.Interop.Tests.Imaptest;

/// <summary>
/// Every imaptest script against a real <c>wren serve</c> (the conformance requirement): each passes, or
/// is skipped because it needs a capability Wren does not advertise (the skip names it). Runs on every CI run;
/// scripts share one server and user, as imaptest itself does, and each starts from an empty mailbox.
/// </summary>
public sealed class ImaptestWrenTests(ImaptestWrenTests.Fixture fixture, ITestOutputHelper output) : IClassFixture<ImaptestWrenTests.Fixture>
{
    /// <summary>One server, two users (scripts with two sessions log in as both), and the runner.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public WrenServerProcess Server { get; private set; } = null!;

        public ImaptestRunner Runner { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Server = await WrenServerProcess.StartAsync(settings: new Dictionary<string, string>
            {
                // Plaintext LOGIN on loopback keeps the runner's transcripts readable; TLS is covered elsewhere.
                ["WREN__IMAP__ALLOWINSECUREAUTH"] = "true",
            });
            string user = await Server.NewUserAsync("imaptest");
            string user2 = await Server.NewUserAsync("imaptest2");
            Runner = new ImaptestRunner(new ImaptestOptions
            {
                Host = Server.Imap.Address.ToString(),
                Port = Server.Imap.Port,
                User = user,
                Password = WrenServerProcess.Password,
                User2 = user2,
                Password2 = WrenServerProcess.Password,
            });
        }

        public async Task DisposeAsync() => await Server.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(ImaptestSuite.Names), MemberType = typeof(ImaptestSuite))]
    public async Task Script_passes_or_is_skipped_for_a_capability_wren_does_not_advertise(string name)
    {
        var script = ImaptestSuite.Load(name);
        var result = await fixture.Runner.RunAsync(script);
        output.WriteLine(result.ToString());
        Assert.True(result.Outcome != ScriptOutcome.Failed, result.ToString());
    }
}
