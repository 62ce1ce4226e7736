using System.Text;
using MailKit.Security;
using Wren.Net.Sasl;

namespace Wren.Net.Tests.Sasl;

public sealed class LoginMechanismTests
{
    private static readonly InMemoryCredentialSource Credentials = new InMemoryCredentialSource().Add("user", "pencil");

    private static ValueTask<SaslStep> Step(ISaslMechanism server, string? text) =>
        server.StepAsync(text is null ? null : Encoding.UTF8.GetBytes(text), CancellationToken.None);

    [Fact]
    public async Task MailKit_client_with_the_right_password_succeeds()
    {
        var outcome = await MailKitDriver.RunAsync(new SaslMechanismLogin("user", "pencil"), new LoginMechanism(Credentials));

        Assert.Equal(SaslStatus.Succeeded, outcome.Status);
        Assert.Equal("user", outcome.User);
    }

    [Fact]
    public async Task MailKit_client_with_a_wrong_password_fails()
    {
        var outcome = await MailKitDriver.RunAsync(new SaslMechanismLogin("user", "crayon"), new LoginMechanism(Credentials));

        Assert.Equal(SaslStatus.Failed, outcome.Status);
    }

    [Fact]
    public async Task MailKit_client_with_an_unknown_user_fails()
    {
        var outcome = await MailKitDriver.RunAsync(new SaslMechanismLogin("nobody", "pencil"), new LoginMechanism(Credentials));

        Assert.Equal(SaslStatus.Failed, outcome.Status);
    }

    [Fact]
    public async Task Server_prompts_for_user_name_then_password()
    {
        var server = new LoginMechanism(Credentials);

        var first = await Step(server, null);
        Assert.Equal(SaslStatus.Continue, first.Status);
        Assert.Equal("Username:", Encoding.ASCII.GetString(first.Challenge!));

        var second = await Step(server, "user");
        Assert.Equal(SaslStatus.Continue, second.Status);
        Assert.Equal("Password:", Encoding.ASCII.GetString(second.Challenge!));

        var outcome = await Step(server, "pencil");
        Assert.Equal(SaslStatus.Succeeded, outcome.Status);
        Assert.Equal(SaslMechanismNames.Login, server.Name);
    }

    [Fact]
    public async Task An_initial_response_is_the_user_name()
    {
        var server = new LoginMechanism(Credentials);

        var first = await Step(server, "user");
        Assert.Equal("Password:", Encoding.ASCII.GetString(first.Challenge!));
        Assert.Equal(SaslStatus.Succeeded, (await Step(server, "pencil")).Status);
    }

    [Fact]
    public async Task Empty_user_name_fails_after_the_password()
    {
        var credentials = new InMemoryCredentialSource();
        var server = new LoginMechanism(credentials);
        await Step(server, null);

        Assert.Equal(SaslStatus.Continue, (await Step(server, "")).Status);
        Assert.Equal(SaslStatus.Failed, (await Step(server, "pencil")).Status);
        Assert.Empty(credentials.Lookups);
    }

    [Fact]
    public async Task Invalid_utf8_is_malformed()
    {
        var server = new LoginMechanism(Credentials);
        await Step(server, "user");

        Assert.Equal(SaslStatus.Malformed, (await server.StepAsync([0xC0, 0x80], CancellationToken.None)).Status);
    }
}
