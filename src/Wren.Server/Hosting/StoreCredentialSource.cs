using Wren.Net.Sasl;
using Wren.Store.Accounts;

namespace Wren.Server.Hosting;

/// <summary>Lets SASL mechanisms find users' SCRAM keys in the account store.</summary>
public sealed class StoreCredentialSource(IAccountStore accounts) : ISaslCredentialSource
{
    /// <inheritdoc />
    public async ValueTask<ScramKeys?> FindAsync(string user, CancellationToken cancellationToken)
    {
        UserCredential? credential = await accounts.GetCredentialAsync(user.Trim().ToLowerInvariant(), cancellationToken);
        return credential is null ? null : new ScramKeys(credential.Salt, credential.Iterations, credential.StoredKey, credential.ServerKey);
    }
}
