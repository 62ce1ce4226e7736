using Wren.Net.Sasl;

namespace Wren.Net.Tests.Sasl;

public sealed class SaslMechanismFactoryTests
{
    private readonly SaslMechanismFactory _factory = new(new InMemoryCredentialSource());

    [Fact]
    public void Lists_mechanisms_in_a_stable_order()
    {
        Assert.Equal(["PLAIN", "LOGIN", "SCRAM-SHA-256"], _factory.SupportedNames);
    }

    [Theory]
    [InlineData("PLAIN", typeof(PlainMechanism))]
    [InlineData("login", typeof(LoginMechanism))]
    [InlineData("Scram-Sha-256", typeof(ScramSha256Mechanism))]
    public void Creates_mechanisms_by_name_in_any_case(string name, Type expected)
    {
        Assert.True(_factory.IsSupported(name));
        Assert.True(_factory.TryCreate(name, out var mechanism));
        Assert.IsType(expected, mechanism);
        Assert.Equal(name, mechanism.Name, ignoreCase: true);
    }

    [Fact]
    public void Each_exchange_gets_a_fresh_mechanism()
    {
        _factory.TryCreate("PLAIN", out var first);
        _factory.TryCreate("PLAIN", out var second);

        Assert.NotSame(first, second);
    }

    [Theory]
    [InlineData("CRAM-MD5")]
    [InlineData("SCRAM-SHA-256-PLUS")]
    [InlineData("")]
    public void Unknown_mechanisms_are_refused(string name)
    {
        Assert.False(_factory.IsSupported(name));
        Assert.False(_factory.TryCreate(name, out var mechanism));
        Assert.Null(mechanism);
    }
}
