using System.Text;
using Wren.Net.Sasl.Client;

namespace Wren.Net.Tests.Sasl.Client;

public class ScramSha256ClientMechanismTests
{
    // RFC 7677 §3: the SCRAM-SHA-256 example exchange (user "user", password "pencil").
    private const string ClientNonce = "rOprNGfwEbeRWgbNEkqO";
    private const string ServerFirst = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
    private const string ClientFinal = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    private const string ServerFinal = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void Reproduces_the_RFC_7677_exchange_and_verifies_the_server()
    {
        var mechanism = new ScramSha256ClientMechanism("user", "pencil", ClientNonce);
        Assert.Equal("n,,n=user,r=" + ClientNonce, Encoding.UTF8.GetString(mechanism.InitialResponse()!));
        Assert.Equal(ClientFinal, Encoding.UTF8.GetString(mechanism.Respond(Bytes(ServerFirst))));
        Assert.False(mechanism.IsComplete);
        Assert.Empty(mechanism.Respond(Bytes(ServerFinal)));
        Assert.True(mechanism.IsComplete);
    }

    [Theory]
    [InlineData("v=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")] // wrong signature: an impostor
    [InlineData("e=invalid-proof")]
    [InlineData("garbage")]
    public void A_server_final_message_other_than_the_right_signature_fails(string serverFinal)
    {
        var mechanism = new ScramSha256ClientMechanism("user", "pencil", ClientNonce);
        mechanism.InitialResponse();
        mechanism.Respond(Bytes(ServerFirst));
        Assert.Throws<SaslClientException>(() => mechanism.Respond(Bytes(serverFinal)));
        Assert.False(mechanism.IsComplete);
    }

    [Theory]
    [InlineData("r=someoneelse,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")]            // nonce not extending ours
    [InlineData("r=rOprNGfwEbeRWgbNEkqO,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")]   // nonce not extended
    [InlineData("r=rOprNGfwEbeRWgbNEkqOx,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=999999999")] // iteration bomb
    [InlineData("m=ext,r=rOprNGfwEbeRWgbNEkqOx,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")]
    public void Unacceptable_server_first_messages_fail(string serverFirst)
    {
        var mechanism = new ScramSha256ClientMechanism("user", "pencil", ClientNonce);
        mechanism.InitialResponse();
        Assert.Throws<SaslClientException>(() => mechanism.Respond(Bytes(serverFirst)));
    }

    [Fact]
    public void User_names_with_comma_and_equals_are_escaped()
    {
        var mechanism = new ScramSha256ClientMechanism("a,b=c", "pencil", ClientNonce);
        Assert.Equal("n,,n=a=2Cb=3Dc,r=" + ClientNonce, Encoding.UTF8.GetString(mechanism.InitialResponse()!));
    }

    [Fact]
    public void Mechanisms_are_chosen_best_first()
    {
        Assert.Equal("SCRAM-SHA-256", SaslClientMechanisms.Choose(["LOGIN", "PLAIN", "scram-sha-256"]));
        Assert.Equal("PLAIN", SaslClientMechanisms.Choose(["LOGIN", "PLAIN", "CRAM-MD5"]));
        Assert.Null(SaslClientMechanisms.Choose(["CRAM-MD5"]));
        Assert.Equal("\0u\0p", Encoding.UTF8.GetString(new PlainClientMechanism("u", "p").InitialResponse()!));
    }
}
