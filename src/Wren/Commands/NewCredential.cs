using Wren.Net.Sasl;
using Wren.Store.Accounts;

namespace Wren.Cli.Commands;

/// <summary>Turns a password into the salted SCRAM-SHA-256 keys the store keeps (never the password itself).</summary>
public static class NewCredential
{
    /// <summary>Derives keys with a fresh salt (RFC 5802 §3, RFC 7677) and maps them to a <see cref="UserCredential"/>.</summary>
    public static UserCredential FromPassword(string password)
    {
        ScramKeys keys = ScramKeyDerivation.Derive(password);
        return new UserCredential(keys.Salt, keys.Iterations, keys.StoredKey, keys.ServerKey);
    }
}
