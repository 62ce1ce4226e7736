using System.Diagnostics.CodeAnalysis;

namespace Wren.Net.Sasl;

/// <summary>
/// Creates a fresh server mechanism per exchange by name, and lists the names for capability
/// announcements (SMTP EHLO AUTH, IMAP AUTH=, POP3 SASL).
/// </summary>
public sealed class SaslMechanismFactory
{
    private static readonly string[] Names = [SaslMechanismNames.Plain, SaslMechanismNames.Login, SaslMechanismNames.ScramSha256];

    private readonly ISaslCredentialSource _credentials;

    /// <summary>Creates a factory whose mechanisms check credentials against <paramref name="credentials"/>.</summary>
    public SaslMechanismFactory(ISaslCredentialSource credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        _credentials = credentials;
    }

    /// <summary>The supported mechanism names, in a stable order: PLAIN, LOGIN, SCRAM-SHA-256.</summary>
    public IReadOnlyList<string> SupportedNames => Names;

    /// <summary>Whether <paramref name="name"/> (in any case) is supported.</summary>
    public bool IsSupported(string name) => Canonical(name) is not null;

    /// <summary>Creates a new mechanism for one exchange; false when <paramref name="name"/> is not supported.</summary>
    /// <param name="name">The mechanism name the client asked for, in any case.</param>
    /// <param name="mechanism">The new mechanism.</param>
    public bool TryCreate(string name, [NotNullWhen(true)] out ISaslMechanism? mechanism)
    {
        mechanism = Canonical(name) switch
        {
            SaslMechanismNames.Plain => new PlainMechanism(_credentials),
            SaslMechanismNames.Login => new LoginMechanism(_credentials),
            SaslMechanismNames.ScramSha256 => new ScramSha256Mechanism(_credentials),
            _ => null,
        };
        return mechanism is not null;
    }

    private static string? Canonical(string name)
    {
        ArgumentNullException.ThrowIfNull(name);

        // RFC 4422 §3.1 names mechanisms in upper case; protocol keywords (SMTP AUTH, IMAP AUTHENTICATE) are
        // case-insensitive, so clients' spelling is matched without regard to case.
        foreach (var known in Names)
        {
            if (string.Equals(known, name, StringComparison.OrdinalIgnoreCase))
            {
                return known;
            }
        }

        return null;
    }
}
