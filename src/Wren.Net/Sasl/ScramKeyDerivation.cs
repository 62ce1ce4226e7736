using System.Security.Cryptography;
using System.Text;

namespace Wren.Net.Sasl;

/// <summary>
/// Derives and checks SCRAM-SHA-256 keys (RFC 5802 §3, RFC 7677). These keys are all the store keeps of a
/// password; PLAIN and LOGIN verify a password by deriving the keys again with the stored salt.
/// </summary>
public static class ScramKeyDerivation
{
    /// <summary>The default PBKDF2 iteration count; RFC 7677 §4 asks for at least 4096.</summary>
    public const int DefaultIterations = 4096;

    /// <summary>Length in bytes of a freshly generated salt.</summary>
    public const int SaltLength = 16;

    /// <summary>Length in bytes of SHA-256 output, hence of every SCRAM-SHA-256 key and proof.</summary>
    internal const int KeyLength = 32;

    private static readonly byte[] ClientKeyLabel = "Client Key"u8.ToArray();
    private static readonly byte[] ServerKeyLabel = "Server Key"u8.ToArray();

    /// <summary>Derives keys for <paramref name="password"/> with a fresh random salt.</summary>
    /// <param name="password">The password as the user typed it; it is SASLprep-normalised first.</param>
    /// <param name="iterations">PBKDF2 iteration count.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="iterations"/> is not positive.</exception>
    /// <exception cref="ArgumentException"><paramref name="password"/> is not valid UTF-16.</exception>
    public static ScramKeys Derive(string password, int iterations = DefaultIterations) =>
        Derive(password, RandomNumberGenerator.GetBytes(SaltLength), iterations);

    /// <summary>Derives keys for <paramref name="password"/> with a given salt (for imports and test vectors).</summary>
    /// <param name="password">The password as the user typed it; it is SASLprep-normalised first.</param>
    /// <param name="salt">The salt; not empty.</param>
    /// <param name="iterations">PBKDF2 iteration count.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="iterations"/> is not positive.</exception>
    /// <exception cref="ArgumentException"><paramref name="salt"/> is empty or <paramref name="password"/> is not valid UTF-16.</exception>
    public static ScramKeys Derive(string password, byte[] salt, int iterations)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(salt);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(iterations);
        if (salt.Length == 0)
        {
            throw new ArgumentException("The salt must not be empty.", nameof(salt));
        }

        var saltedPassword = SaltedPassword(password, salt, iterations);
        try
        {
            return new ScramKeys(
                (byte[])salt.Clone(),
                iterations,
                StoredKey(saltedPassword),
                ServerKey(saltedPassword));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(saltedPassword);
        }
    }

    /// <summary>
    /// Whether <paramref name="password"/> matches <paramref name="keys"/>, comparing in constant time.
    /// Malformed keys or an invalid password yield false rather than an exception.
    /// </summary>
    public static bool Verify(ScramKeys keys, string password)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(password);
        if (keys.Iterations <= 0 || keys.Salt is not { Length: > 0 } || keys.StoredKey is not { Length: KeyLength })
        {
            return false;
        }

        byte[] saltedPassword;
        try
        {
            saltedPassword = SaltedPassword(password, keys.Salt, keys.Iterations);
        }
        catch (ArgumentException)
        {
            return false; // not normalisable (lone surrogate): cannot be the password
        }

        try
        {
            return CryptographicOperations.FixedTimeEquals(StoredKey(saltedPassword), keys.StoredKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(saltedPassword);
        }
    }

    // RFC 5802 §3: SaltedPassword := Hi(Normalize(password), salt, i), where Hi is PBKDF2 with HMAC as PRF.
    internal static byte[] SaltedPassword(string password, byte[] salt, int iterations)
    {
        var normalized = Encoding.UTF8.GetBytes(SaslPrep.Normalize(password));
        try
        {
            return Rfc2898DeriveBytes.Pbkdf2(normalized, salt, iterations, HashAlgorithmName.SHA256, KeyLength);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(normalized);
        }
    }

    // RFC 5802 §3: ClientKey := HMAC(SaltedPassword, "Client Key").
    internal static byte[] ClientKey(byte[] saltedPassword) => HMACSHA256.HashData(saltedPassword, ClientKeyLabel);

    // RFC 5802 §3: StoredKey := H(ClientKey).
    private static byte[] StoredKey(byte[] saltedPassword)
    {
        var clientKey = ClientKey(saltedPassword);
        try
        {
            return SHA256.HashData(clientKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(clientKey);
        }
    }

    // RFC 5802 §3: ServerKey := HMAC(SaltedPassword, "Server Key").
    internal static byte[] ServerKey(byte[] saltedPassword) => HMACSHA256.HashData(saltedPassword, ServerKeyLabel);
}
