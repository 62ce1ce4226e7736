using Wren.Net.Sasl;

namespace Wren.Net.Tests.Sasl;

public sealed class ScramKeyDerivationTests
{
    [Fact]
    public void Derived_keys_verify_the_right_password_only()
    {
        var keys = ScramKeyDerivation.Derive("correct horse");

        Assert.True(ScramKeyDerivation.Verify(keys, "correct horse"));
        Assert.False(ScramKeyDerivation.Verify(keys, "correct horse "));
        Assert.False(ScramKeyDerivation.Verify(keys, ""));
    }

    [Fact]
    public void Derive_uses_a_fresh_salt_of_at_least_16_bytes_and_the_iteration_count()
    {
        var first = ScramKeyDerivation.Derive("pw", iterations: 5000);
        var second = ScramKeyDerivation.Derive("pw", iterations: 5000);

        Assert.True(first.Salt.Length >= 16);
        Assert.Equal(5000, first.Iterations);
        Assert.NotEqual(first.Salt, second.Salt);
        Assert.NotEqual(first.StoredKey, second.StoredKey);
        Assert.Equal(32, first.StoredKey.Length);
        Assert.Equal(32, first.ServerKey.Length);
    }

    [Fact]
    public void Default_iteration_count_is_4096()
    {
        Assert.Equal(4096, ScramKeyDerivation.Derive("pw").Iterations);
    }

    [Fact]
    public void Same_password_and_salt_give_the_same_keys()
    {
        var salt = Convert.FromBase64String("W22ZaJ0SNY7soEsUEjb6gQ==");
        var a = ScramKeyDerivation.Derive("pencil", salt, 4096);
        var b = ScramKeyDerivation.Derive("pencil", salt, 4096);

        Assert.Equal(a.StoredKey, b.StoredKey);
        Assert.Equal(a.ServerKey, b.ServerKey);
    }

    [Theory]
    [InlineData("I\u00ADX", "IX")] // RFC 4013 §3 example: SOFT HYPHEN mapped to nothing
    [InlineData("\u2168", "IX")] // RFC 4013 §3 example: ROMAN NUMERAL NINE, NFKC
    [InlineData("a\u00A0b", "a b")] // non-ASCII space mapped to SPACE
    [InlineData("\u00AA", "a")] // RFC 4013 §3 example: FEMININE ORDINAL INDICATOR
    public void Passwords_are_saslprep_normalised(string typed, string equivalent)
    {
        var keys = ScramKeyDerivation.Derive(typed);

        Assert.True(ScramKeyDerivation.Verify(keys, equivalent));
    }

    [Fact]
    public void Corrupt_keys_or_invalid_passwords_do_not_verify()
    {
        var keys = ScramKeyDerivation.Derive("pw");

        Assert.False(ScramKeyDerivation.Verify(keys with { Iterations = 0 }, "pw"));
        Assert.False(ScramKeyDerivation.Verify(keys with { StoredKey = [1, 2, 3] }, "pw"));
        Assert.False(ScramKeyDerivation.Verify(keys with { Salt = [] }, "pw"));
        Assert.False(ScramKeyDerivation.Verify(keys, "\uD800")); // lone surrogate
    }

    [Fact]
    public void Derive_rejects_bad_arguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ScramKeyDerivation.Derive("pw", 0));
        Assert.Throws<ArgumentException>(() => ScramKeyDerivation.Derive("pw", [], 4096));
    }
}
