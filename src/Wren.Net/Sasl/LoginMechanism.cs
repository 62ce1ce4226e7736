using System.Text;

namespace Wren.Net.Sasl;

/// <summary>
/// The server side of the de-facto LOGIN mechanism (draft-murchison-sasl-login): the server prompts
/// <c>Username:</c> then <c>Password:</c>, the client answers each. Only safe over TLS.
/// </summary>
public sealed class LoginMechanism : ISaslMechanism
{
    private static readonly byte[] UsernamePrompt = Encoding.ASCII.GetBytes("Username:");
    private static readonly byte[] PasswordPrompt = Encoding.ASCII.GetBytes("Password:");

    private readonly ISaslCredentialSource _credentials;
    private State _state = State.Start;
    private string _user = string.Empty;

    /// <summary>Creates a mechanism for one exchange, checking passwords against <paramref name="credentials"/>.</summary>
    public LoginMechanism(ISaslCredentialSource credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        _credentials = credentials;
    }

    /// <inheritdoc />
    public string Name => SaslMechanismNames.Login;

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The exchange has already finished.</exception>
    public async ValueTask<SaslStep> StepAsync(byte[]? clientResponse, CancellationToken cancellationToken)
    {
        switch (_state)
        {
            case State.Start when clientResponse is null or { Length: 0 }:
                _state = State.AwaitingUser;
                return SaslStep.Continue(UsernamePrompt);
            case State.Start or State.AwaitingUser:
                // draft-murchison-sasl-login §2.1: an initial response, when sent, is the user name.
                return AcceptUser(clientResponse);
            case State.AwaitingPassword:
                _state = State.Done;
                if (clientResponse is null || !SaslUtf8.TryDecode(clientResponse, out var password))
                {
                    return SaslStep.Malformed();
                }

                return await PasswordVerifier.VerifyAsync(_credentials, _user, password, cancellationToken).ConfigureAwait(false)
                    ? SaslStep.Success(_user)
                    : SaslStep.Failure();
            default:
                throw new InvalidOperationException("The LOGIN exchange has already finished.");
        }
    }

    private SaslStep AcceptUser(byte[]? response)
    {
        if (response is null || !SaslUtf8.TryDecode(response, out _user))
        {
            _state = State.Done;
            return SaslStep.Malformed();
        }

        // An empty user name is not rejected here: it fails after the password, like any unknown user.
        _state = State.AwaitingPassword;
        return SaslStep.Continue(PasswordPrompt);
    }

    private enum State
    {
        Start,
        AwaitingUser,
        AwaitingPassword,
        Done,
    }
}
