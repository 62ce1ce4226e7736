using Wren.Net.Sasl;

namespace Wren.Net.Tests.Sasl;

/// <summary>A credential source over a dictionary, recording the user names it was asked for.</summary>
internal sealed class InMemoryCredentialSource : ISaslCredentialSource
{
    private readonly Dictionary<string, ScramKeys> _users = new(StringComparer.Ordinal);

    public List<string> Lookups { get; } = [];

    public InMemoryCredentialSource Add(string user, ScramKeys keys)
    {
        _users[user] = keys;
        return this;
    }

    public InMemoryCredentialSource Add(string user, string password) =>
        Add(user, ScramKeyDerivation.Derive(password));

    public ValueTask<ScramKeys?> FindAsync(string user, CancellationToken cancellationToken)
    {
        Lookups.Add(user);
        return ValueTask.FromResult(_users.GetValueOrDefault(user));
    }
}
