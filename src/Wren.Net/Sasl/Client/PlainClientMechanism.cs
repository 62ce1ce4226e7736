using System.Text;

namespace Wren.Net.Sasl.Client;

/// <summary>The client side of PLAIN (RFC 4616): one message, <c>[authzid] NUL authcid NUL passwd</c>. Only safe over TLS.</summary>
public sealed class PlainClientMechanism : ISaslClientMechanism
{
    private readonly string _user;
    private readonly string _password;
    private bool _sent;

    /// <summary>Creates the mechanism for <paramref name="user"/> and <paramref name="password"/>.</summary>
    public PlainClientMechanism(string user, string password)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(password);
        _user = user;
        _password = password;
    }

    /// <inheritdoc />
    public string Name => SaslMechanismNames.Plain;

    /// <inheritdoc />
    public bool IsComplete => _sent;

    /// <inheritdoc />
    public byte[]? InitialResponse()
    {
        _sent = true;

        // RFC 4616 §2: message = [authzid] UTF8NUL authcid UTF8NUL passwd; no authzid (act as ourselves).
        return Encoding.UTF8.GetBytes("\0" + _user + "\0" + _password);
    }

    /// <inheritdoc />
    public byte[] Respond(byte[] challenge)
    {
        // RFC 4616 §2: without an initial response the server sends an empty challenge, answered with the message.
        if (_sent || challenge.Length != 0)
        {
            throw new SaslClientException("unexpected PLAIN challenge from the server");
        }

        return InitialResponse()!;
    }
}
