using System.Text;
using Wren.Net.Sasl.Client;
using Wren.Smtp.Protocol;

namespace Wren.Smtp.Client;

public sealed partial class SmtpClient
{
    // RFC 4954 §4: an AUTH command with its initial response must fit the 512-octet command line.
    private const int MaxAuthCommandLength = 512;

    private const int MaxAuthRounds = 10;

    /// <summary>
    /// Authenticates with the best mechanism the server offers (SCRAM-SHA-256, then PLAIN, then LOGIN), sending
    /// the initial response with the command where RFC 4954 allows it. SCRAM also checks the server's signature.
    /// Refuses to send credentials without TLS unless <see cref="SmtpClientOptions.AllowPlaintextAuth"/>.
    /// </summary>
    /// <exception cref="SmtpClientException">Step <see cref="SmtpClientStep.Authentication"/>: refused (535 …), no usable
    /// mechanism, no TLS, or the server failed to prove itself.</exception>
    public async Task AuthenticateAsync(string user, string password, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(password);
        ThrowIfUnusable();
        if (!IsEncrypted && !_options.AllowPlaintextAuth)
        {
            // RFC 4954 §4 and RFC 8314 §5: credentials never travel in the clear.
            throw new SmtpClientException("refusing to send credentials over a connection without TLS", SmtpClientStep.Authentication,
                isPermanent: true, enhancedCode: "5.7.11");
        }
        if (IsAuthenticated)
            throw new InvalidOperationException("Already authenticated.");
        string? name = SaslClientMechanisms.Choose(Capabilities.AuthMechanisms);
        if (name is null)
        {
            string offered = Capabilities.AuthMechanisms.Count == 0 ? "no AUTH" : "only " + string.Join(' ', Capabilities.AuthMechanisms);
            throw new SmtpClientException($"the server offers {offered}; Wren supports {string.Join(' ', SaslClientMechanisms.Preference)}",
                SmtpClientStep.Authentication, isPermanent: true, enhancedCode: "5.7.4");
        }

        await AuthenticateAsync(SaslClientMechanisms.Create(name, user, password), ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Authenticates with a given mechanism (which the server need not have announced), with the same TLS rule
    /// as <see cref="AuthenticateAsync(string, string, CancellationToken)"/>.
    /// </summary>
    /// <exception cref="SmtpClientException">Step <see cref="SmtpClientStep.Authentication"/>: refused, or the server failed to prove itself.</exception>
    public async Task AuthenticateAsync(ISaslClientMechanism mechanism, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(mechanism);
        ThrowIfUnusable();
        if (!IsEncrypted && !_options.AllowPlaintextAuth)
        {
            throw new SmtpClientException("refusing to send credentials over a connection without TLS", SmtpClientStep.Authentication,
                isPermanent: true, enhancedCode: "5.7.11");
        }
        if (IsAuthenticated)
            throw new InvalidOperationException("Already authenticated.");
        byte[]? initial = mechanism.InitialResponse();
        string command = "AUTH " + mechanism.Name;
        bool initialPending = false;
        if (initial is not null)
        {
            // RFC 4954 §4: "=" stands for an empty initial response.
            string encoded = initial.Length == 0 ? "=" : Convert.ToBase64String(initial);
            if (command.Length + 1 + encoded.Length + 2 <= MaxAuthCommandLength)
                command += " " + encoded;
            else
                initialPending = true; // sent as the answer to the server's first (empty) challenge
        }

        SmtpReply reply = await CommandAsync(command, SmtpClientStep.Authentication, _options.CommandTimeout, ct).ConfigureAwait(false);
        for (int round = 0; reply.Code == 334; round++)
        {
            byte[] response;
            string? failure = null;
            if (round >= MaxAuthRounds)
            {
                failure = "the server keeps sending challenges";
                response = [];
            }
            else if (!TryDecodeChallenge(reply.Text, out byte[] challenge))
            {
                failure = "the server sent a challenge that is not base64";
                response = [];
            }
            else if (initialPending)
            {
                initialPending = false;
                response = initial!;
            }
            else
            {
                try
                {
                    response = mechanism.Respond(challenge);
                }
                catch (SaslClientException e)
                {
                    failure = e.Message;
                    response = [];
                }
            }

            if (failure is not null)
            {
                // RFC 4954 §4: "*" cancels the exchange; the server answers 501.
                await CommandAsync("*", SmtpClientStep.Authentication, _options.CommandTimeout, ct).ConfigureAwait(false);
                throw new SmtpClientException($"{mechanism.Name} authentication abandoned: {failure}", SmtpClientStep.Authentication,
                    isPermanent: true, enhancedCode: "5.7.0");
            }

            // RFC 4954 §4: each response is one base64 line; an empty response is an empty line.
            reply = await CommandAsync(Convert.ToBase64String(response), SmtpClientStep.Authentication, _options.CommandTimeout, ct)
                .ConfigureAwait(false);
        }

        if (reply.Code != 235)
            throw new SmtpClientException($"{mechanism.Name} authentication failed: {reply}", SmtpClientStep.Authentication, reply);
        if (!mechanism.IsComplete)
        {
            // RFC 5802 §5.1 v: success without a verified server signature is a failure of mutual authentication.
            MarkBroken();
            throw new SmtpClientException($"the server accepted {mechanism.Name} without proving it knows the password", SmtpClientStep.Authentication,
                reply, isPermanent: true, enhancedCode: "5.7.0");
        }
        IsAuthenticated = true;
    }

    private static bool TryDecodeChallenge(string text, out byte[] challenge)
    {
        challenge = [];
        string trimmed = text.Trim();
        if (trimmed.Length == 0 || trimmed == "=")
            return true;
        try
        {
            challenge = Convert.FromBase64String(trimmed);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
