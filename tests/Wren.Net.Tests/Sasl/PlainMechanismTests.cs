using System.Net;
using System.Text;
using MailKit.Security;
using Wren.Net.Sasl;

namespace Wren.Net.Tests.Sasl;

public sealed class PlainMechanismTests
{
    private static readonly InMemoryCredentialSource Credentials = new InMemoryCredentialSource().Add("user", "pencil");

    private static ValueTask<SaslStep> Step(ISaslMechanism server, string? text) =>
        server.StepAsync(text is null ? null : Encoding.UTF8.GetBytes(text), CancellationToken.None);

    [Fact]
    public async Task MailKit_client_with_the_right_password_succeeds()
    {
        var outcome = await MailKitDriver.RunAsync(new SaslMechanismPlain("user", "pencil"), new PlainMechanism(Credentials));

        Assert.Equal(SaslStatus.Succeeded, outcome.Status);
        Assert.Equal("user", outcome.User);
    }

    [Fact]
    public async Task MailKit_client_with_a_wrong_password_fails()
    {
        var outcome = await MailKitDriver.RunAsync(new SaslMechanismPlain("user", "crayon"), new PlainMechanism(Credentials));

        Assert.Equal(SaslStatus.Failed, outcome.Status);
    }

    [Fact]
    public async Task MailKit_client_with_an_unknown_user_fails()
    {
        var outcome = await MailKitDriver.RunAsync(new SaslMechanismPlain("nobody", "pencil"), new PlainMechanism(Credentials));

        Assert.Equal(SaslStatus.Failed, outcome.Status);
    }

    [Fact]
    public async Task MailKit_client_with_its_own_authzid_succeeds()
    {
        var client = new SaslMechanismPlain(new NetworkCredential("user", "pencil")) { AuthorizationId = "user" };

        var outcome = await MailKitDriver.RunAsync(client, new PlainMechanism(Credentials));

        Assert.Equal(SaslStatus.Succeeded, outcome.Status);
    }

    [Fact]
    public async Task Without_initial_response_the_server_sends_an_empty_challenge()
    {
        var server = new PlainMechanism(Credentials);

        var first = await Step(server, null);
        Assert.Equal(SaslStatus.Continue, first.Status);
        Assert.Empty(first.Challenge!);

        var outcome = await Step(server, "\0user\0pencil");
        Assert.Equal(SaslStatus.Succeeded, outcome.Status);
        Assert.Equal(SaslMechanismNames.Plain, server.Name);
    }

    [Fact]
    public async Task An_empty_initial_response_also_asks_for_the_message()
    {
        var server = new PlainMechanism(Credentials);

        Assert.Equal(SaslStatus.Continue, (await Step(server, "")).Status);
        Assert.Equal(SaslStatus.Malformed, (await Step(server, "")).Status);
    }

    [Fact]
    public async Task Matching_authzid_succeeds()
    {
        Assert.Equal(SaslStatus.Succeeded, (await Step(new PlainMechanism(Credentials), "user\0user\0pencil")).Status);
    }

    [Fact]
    public async Task Authzid_of_another_user_fails()
    {
        var credentials = new InMemoryCredentialSource().Add("user", "pencil");

        var outcome = await Step(new PlainMechanism(credentials), "admin\0user\0pencil");

        Assert.Equal(SaslStatus.Failed, outcome.Status);
    }

    [Theory]
    [InlineData("userpencil")] // no NUL
    [InlineData("\0userpencil")] // one NUL
    [InlineData("\0\0pencil")] // empty authcid
    [InlineData("\0user\0")] // empty password
    [InlineData("\0user\0pen\0cil")] // three NULs
    public async Task Malformed_messages(string message)
    {
        Assert.Equal(SaslStatus.Malformed, (await Step(new PlainMechanism(Credentials), message)).Status);
    }

    [Fact]
    public async Task Invalid_utf8_is_malformed()
    {
        var outcome = await new PlainMechanism(Credentials).StepAsync([0, (byte)'u', 0, 0xFF, 0xFE], CancellationToken.None);

        Assert.Equal(SaslStatus.Malformed, outcome.Status);
    }

    [Fact]
    public async Task Stepping_a_finished_exchange_throws()
    {
        var server = new PlainMechanism(Credentials);
        await Step(server, "\0user\0pencil");

        await Assert.ThrowsAsync<InvalidOperationException>(() => Step(server, "\0user\0pencil").AsTask());
    }
}
