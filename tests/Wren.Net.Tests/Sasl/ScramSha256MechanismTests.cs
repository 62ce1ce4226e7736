using System.Security.Cryptography;
using System.Text;
using MailKit.Security;
using Wren.Net.Sasl;

namespace Wren.Net.Tests.Sasl;

public sealed class ScramSha256MechanismTests
{
    // RFC 7677 §3 test vector.
    private const string VectorServerNonce = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    private const string VectorClientFirst = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
    private const string VectorServerFirst = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
    private const string VectorClientFinal = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    private const string VectorServerFinal = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

    private static readonly ScramKeys PencilKeys =
        ScramKeyDerivation.Derive("pencil", Convert.FromBase64String("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096);

    private static ScramSha256Mechanism VectorServer(InMemoryCredentialSource? credentials = null) =>
        new(credentials ?? new InMemoryCredentialSource().Add("user", PencilKeys), VectorServerNonce);

    private static ValueTask<SaslStep> Step(ISaslMechanism server, string? text) =>
        server.StepAsync(text is null ? null : Encoding.UTF8.GetBytes(text), CancellationToken.None);

    private static string Text(SaslStep step) => Encoding.UTF8.GetString(step.Challenge!);

    [Fact]
    public async Task Rfc7677_test_vector()
    {
        var server = VectorServer();

        var serverFirst = await Step(server, VectorClientFirst);
        Assert.Equal(SaslStatus.Continue, serverFirst.Status);
        Assert.Equal(VectorServerFirst, Text(serverFirst));

        var serverFinal = await Step(server, VectorClientFinal);
        Assert.Equal(SaslStatus.Continue, serverFinal.Status);
        Assert.Equal(VectorServerFinal, Text(serverFinal));

        var outcome = await Step(server, "");
        Assert.Equal(SaslStatus.Succeeded, outcome.Status);
        Assert.Equal("user", outcome.User);
        Assert.Equal(SaslMechanismNames.ScramSha256, server.Name);
    }

    [Fact]
    public async Task Without_initial_response_the_server_asks_with_an_empty_challenge()
    {
        var server = VectorServer();

        var first = await Step(server, null);
        Assert.Equal(SaslStatus.Continue, first.Status);
        Assert.Empty(first.Challenge!);

        Assert.Equal(VectorServerFirst, Text(await Step(server, VectorClientFirst)));
        Assert.Equal(VectorServerFinal, Text(await Step(server, VectorClientFinal)));
        Assert.Equal(SaslStatus.Succeeded, (await Step(server, null)).Status);
    }

    [Fact]
    public async Task Wrong_proof_fails()
    {
        var server = VectorServer();
        await Step(server, VectorClientFirst);

        var outcome = await Step(server, VectorClientFinal.Replace("p=dHzb", "p=dHzc", StringComparison.Ordinal));

        Assert.Equal(SaslStatus.Failed, outcome.Status);
    }

    [Fact]
    public async Task Short_proof_fails()
    {
        var server = VectorServer();
        await Step(server, VectorClientFirst);

        var outcome = await Step(server, VectorClientFinal[..VectorClientFinal.IndexOf("p=", StringComparison.Ordinal)] + "p=AAAA");

        Assert.Equal(SaslStatus.Failed, outcome.Status);
    }

    [Fact]
    public async Task Changed_nonce_in_client_final_fails()
    {
        var server = VectorServer();
        await Step(server, VectorClientFirst);

        var outcome = await Step(server, VectorClientFinal.Replace("$k0,", "$k1,", StringComparison.Ordinal));

        Assert.Equal(SaslStatus.Failed, outcome.Status);
    }

    [Fact]
    public async Task Channel_binding_attribute_must_echo_the_gs2_header()
    {
        var server = VectorServer();
        await Step(server, VectorClientFirst);

        var outcome = await Step(server, VectorClientFinal.Replace("c=biws", "c=eSws", StringComparison.Ordinal));

        Assert.Equal(SaslStatus.Failed, outcome.Status);
    }

    [Theory]
    [InlineData("n,,")]
    [InlineData("y,,")]
    [InlineData("n,a=user,")]
    public async Task Accepted_gs2_headers_authenticate(string gs2Header)
    {
        var server = VectorServer();
        const string bare = "n=user,r=clientnonce";
        var serverFirst = Text(await Step(server, gs2Header + bare));

        var clientFinal = ScramTestClient.ClientFinal("pencil", gs2Header, bare, serverFirst, out var expectedServerFinal);
        var serverFinal = await Step(server, clientFinal);

        Assert.Equal(SaslStatus.Continue, serverFinal.Status);
        Assert.Equal(expectedServerFinal, Text(serverFinal));
        Assert.Equal(SaslStatus.Succeeded, (await Step(server, "")).Status);
    }

    [Theory]
    [InlineData("p=tls-unique,,n=user,r=abc")] // channel binding required: not offered
    [InlineData("n,,m=ext,n=user,r=abc")] // RFC 5802 §5.1: reserved m attribute
    [InlineData("n,a=other,n=user,r=abc")] // authzid is another user
    public async Task Unsupported_requests_fail(string clientFirst)
    {
        var outcome = await Step(VectorServer(), clientFirst);

        Assert.Equal(SaslStatus.Failed, outcome.Status);
    }

    [Theory]
    [InlineData("user,r=abc")]
    [InlineData("x,,n=user,r=abc")]
    [InlineData("n,user,n=user,r=abc")]
    [InlineData("n,,")]
    [InlineData("n,,n=user")]
    [InlineData("n,,n=,r=abc")]
    [InlineData("n,,r=abc,n=user")]
    [InlineData("n,,n=user,r=")]
    [InlineData("n,,n=us=2Xer,r=abc")] // RFC 5802 §5.1: bad '=' escape
    [InlineData("n,,n=user=,r=abc")]
    [InlineData("n,,n=user,r=ab c")]
    [InlineData("n,,n=user,r=abc,bogus")]
    [InlineData("n,,n=user,r=abc,1=x")]
    public async Task Malformed_client_first_messages(string clientFirst)
    {
        var outcome = await Step(VectorServer(), clientFirst);

        Assert.Equal(SaslStatus.Malformed, outcome.Status);
    }

    [Fact]
    public async Task Extensions_in_client_first_are_ignored()
    {
        var outcome = await Step(VectorServer(), "n,,n=user,r=abc,x=future");

        Assert.Equal(SaslStatus.Continue, outcome.Status);
    }

    [Theory]
    [InlineData("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0")] // no proof
    [InlineData("c=biws,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=")] // no nonce
    [InlineData("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,c=biws,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=")]
    [InlineData("c=bi ws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=")]
    [InlineData("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=not*base64")]
    public async Task Malformed_client_final_messages(string clientFinal)
    {
        var server = VectorServer();
        await Step(server, VectorClientFirst);

        var outcome = await Step(server, clientFinal);

        Assert.Equal(SaslStatus.Malformed, outcome.Status);
    }

    [Fact]
    public async Task Invalid_utf8_is_malformed()
    {
        var outcome = await VectorServer().StepAsync([(byte)'n', (byte)',', (byte)',', 0xC3, 0x28], CancellationToken.None);

        Assert.Equal(SaslStatus.Malformed, outcome.Status);
    }

    [Fact]
    public async Task A_non_empty_final_response_is_malformed()
    {
        var server = VectorServer();
        await Step(server, VectorClientFirst);
        await Step(server, VectorClientFinal);

        Assert.Equal(SaslStatus.Malformed, (await Step(server, "surprise")).Status);
    }

    [Fact]
    public async Task Stepping_a_finished_exchange_throws()
    {
        var server = VectorServer();
        await Step(server, "garbage");

        await Assert.ThrowsAsync<InvalidOperationException>(() => Step(server, VectorClientFirst).AsTask());
    }

    [Fact]
    public async Task Escaped_user_names_are_decoded_before_lookup()
    {
        var credentials = new InMemoryCredentialSource();

        await Step(new ScramSha256Mechanism(credentials), "n,,n=a=2Cb=3Dc=2cd,r=abc");

        Assert.Equal(["a,b=c,d"], credentials.Lookups);
    }

    [Fact]
    public async Task Unknown_user_gets_a_stable_plausible_challenge_then_fails()
    {
        var credentials = new InMemoryCredentialSource().Add("user", PencilKeys);

        var first = Text(await Step(new ScramSha256Mechanism(credentials, "srv"), "n,,n=ghost,r=abc"));
        var again = new ScramSha256Mechanism(credentials, "srv");
        var second = Text(await Step(again, "n,,n=ghost,r=abc"));

        Assert.Matches("^r=abcsrv,s=[A-Za-z0-9+/]{22}==,i=4096$", first);
        Assert.Equal(first, second); // same salt for the same unknown user, as for a real one

        var clientFinal = ScramTestClient.ClientFinal("pencil", "n,,", "n=ghost,r=abc", second, out _);
        Assert.Equal(SaslStatus.Failed, (await Step(again, clientFinal)).Status);
    }

    [Fact]
    public async Task MailKit_client_with_the_right_password_succeeds()
    {
        var credentials = new InMemoryCredentialSource().Add("alice@example.org", "s3cret, with comma=");
        var client = new SaslMechanismScramSha256("alice@example.org", "s3cret, with comma=");

        var outcome = await MailKitDriver.RunAsync(client, new ScramSha256Mechanism(credentials));

        Assert.Equal(SaslStatus.Succeeded, outcome.Status);
        Assert.Equal("alice@example.org", outcome.User);
        Assert.True(client.IsAuthenticated); // MailKit checked our server signature
    }

    [Fact]
    public async Task MailKit_client_with_a_user_name_needing_escapes_succeeds()
    {
        var credentials = new InMemoryCredentialSource().Add("we,ird=name", "pw");
        var client = new SaslMechanismScramSha256("we,ird=name", "pw");

        var outcome = await MailKitDriver.RunAsync(client, new ScramSha256Mechanism(credentials));

        Assert.Equal(SaslStatus.Succeeded, outcome.Status);
        Assert.Equal("we,ird=name", outcome.User);
    }

    [Fact]
    public async Task MailKit_client_with_a_wrong_password_fails()
    {
        var credentials = new InMemoryCredentialSource().Add("alice@example.org", "s3cret");
        var client = new SaslMechanismScramSha256("alice@example.org", "guess");

        var outcome = await MailKitDriver.RunAsync(client, new ScramSha256Mechanism(credentials));

        Assert.Equal(SaslStatus.Failed, outcome.Status);
    }

    [Fact]
    public async Task MailKit_client_with_an_unknown_user_fails()
    {
        var credentials = new InMemoryCredentialSource().Add("alice@example.org", "s3cret");
        var client = new SaslMechanismScramSha256("mallory@example.org", "s3cret");

        var outcome = await MailKitDriver.RunAsync(client, new ScramSha256Mechanism(credentials));

        Assert.Equal(SaslStatus.Failed, outcome.Status);
        Assert.Equal(["mallory@example.org"], credentials.Lookups);
    }
}

/// <summary>The client side of RFC 5802 §3, written out to build messages the server must accept.</summary>
internal static class ScramTestClient
{
    public static string ClientFinal(string password, string gs2Header, string clientFirstBare, string serverFirst, out string serverFinal)
    {
        var attributes = serverFirst.Split(',');
        var nonce = attributes[0][2..];
        var salt = Convert.FromBase64String(attributes[1][2..]);
        var iterations = int.Parse(attributes[2][2..], System.Globalization.CultureInfo.InvariantCulture);

        var saltedPassword = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, 32);
        var clientKey = HMACSHA256.HashData(saltedPassword, "Client Key"u8);
        var storedKey = SHA256.HashData(clientKey);
        var serverKey = HMACSHA256.HashData(saltedPassword, "Server Key"u8);

        var withoutProof = $"c={Convert.ToBase64String(Encoding.UTF8.GetBytes(gs2Header))},r={nonce}";
        var authMessage = Encoding.UTF8.GetBytes($"{clientFirstBare},{serverFirst},{withoutProof}");
        var signature = HMACSHA256.HashData(storedKey, authMessage);
        var proof = clientKey.Zip(signature, (a, b) => (byte)(a ^ b)).ToArray();

        serverFinal = "v=" + Convert.ToBase64String(HMACSHA256.HashData(serverKey, authMessage));
        return $"{withoutProof},p={Convert.ToBase64String(proof)}";
    }
}
