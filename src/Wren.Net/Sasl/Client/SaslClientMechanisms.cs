namespace Wren.Net.Sasl.Client;

/// <summary>Chooses and creates the client mechanism for a password login from what a server offers.</summary>
public static class SaslClientMechanisms
{
    /// <summary>
    /// The mechanisms Wren's clients use, best first: SCRAM-SHA-256 never sends the password and
    /// authenticates the server too; PLAIN is one round trip; LOGIN is for servers that offer nothing else.
    /// </summary>
    public static IReadOnlyList<string> Preference { get; } =
        [SaslMechanismNames.ScramSha256, SaslMechanismNames.Plain, SaslMechanismNames.Login];

    /// <summary>The best of <see cref="Preference"/> that <paramref name="offered"/> contains (any case), or null.</summary>
    public static string? Choose(IEnumerable<string> offered)
    {
        ArgumentNullException.ThrowIfNull(offered);
        var set = new HashSet<string>(offered, StringComparer.OrdinalIgnoreCase);
        return Preference.FirstOrDefault(set.Contains);
    }

    /// <summary>Creates the mechanism named <paramref name="name"/> (one of <see cref="Preference"/>).</summary>
    /// <exception cref="ArgumentException">The name is not a supported mechanism.</exception>
    public static ISaslClientMechanism Create(string name, string user, string password) => name.ToUpperInvariant() switch
    {
        SaslMechanismNames.ScramSha256 => new ScramSha256ClientMechanism(user, password),
        SaslMechanismNames.Plain => new PlainClientMechanism(user, password),
        SaslMechanismNames.Login => new LoginClientMechanism(user, password),
        _ => throw new ArgumentException($"Unsupported SASL mechanism '{name}'.", nameof(name)),
    };
}
