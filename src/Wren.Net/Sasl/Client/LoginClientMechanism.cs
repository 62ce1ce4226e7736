using System.Text;

namespace Wren.Net.Sasl.Client;

/// <summary>
/// The client side of LOGIN (draft-murchison-sasl-login): the server prompts twice, the client answers with
/// the user name, then the password. Only safe over TLS. No initial response, which every server accepts.
/// </summary>
public sealed class LoginClientMechanism : ISaslClientMechanism
{
    private readonly string _user;
    private readonly string _password;
    private int _answers;

    /// <summary>Creates the mechanism for <paramref name="user"/> and <paramref name="password"/>.</summary>
    public LoginClientMechanism(string user, string password)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(password);
        _user = user;
        _password = password;
    }

    /// <inheritdoc />
    public string Name => SaslMechanismNames.Login;

    /// <inheritdoc />
    public bool IsComplete => _answers == 2;

    /// <inheritdoc />
    public byte[]? InitialResponse() => null;

    /// <inheritdoc />
    public byte[] Respond(byte[] challenge)
    {
        // draft-murchison-sasl-login §2: the prompts' text ("Username:", "Password:") is informational only;
        // the order is what counts.
        return _answers++ switch
        {
            0 => Encoding.UTF8.GetBytes(_user),
            1 => Encoding.UTF8.GetBytes(_password),
            _ => throw new SaslClientException("unexpected third LOGIN challenge from the server"),
        };
    }
}
