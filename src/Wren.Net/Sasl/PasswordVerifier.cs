using System.Security.Cryptography;

namespace Wren.Net.Sasl;

/// <summary>
/// Checks a clear-text password (PLAIN, LOGIN) against the user's stored SCRAM keys. An unknown user costs
/// the same key derivation as a known one, so response time does not reveal which users exist.
/// </summary>
internal static class PasswordVerifier
{
    // Keys of a random password nobody knows, derived once, used when the user does not exist.
    private static readonly Lazy<ScramKeys> Decoy = new(() =>
        ScramKeyDerivation.Derive(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));

    /// <summary>Whether <paramref name="user"/> exists and <paramref name="password"/> is theirs.</summary>
    public static async ValueTask<bool> VerifyAsync(
        ISaslCredentialSource credentials, string user, string password, CancellationToken cancellationToken)
    {
        var keys = user.Length == 0 ? null : await credentials.FindAsync(user, cancellationToken).ConfigureAwait(false);
        var matches = ScramKeyDerivation.Verify(keys ?? Decoy.Value, password);
        return keys is not null && matches;
    }
}
