using MailKit.Net.Imap;
using MailKit.Security;

namespace Wren.Interop.Tests.Infrastructure;

/// <summary>MailKit's ImapClient logged in to a test server (the certificate is self-signed: not verified).</summary>
public static class ImapLogin
{
    /// <summary>Connects over STARTTLS on the IMAP port, or implicit TLS on the IMAPS port, and logs in as <paramref name="user"/>.</summary>
    public static async Task<ImapClient> LoginAsync(WrenServerProcess server, string user, bool implicitTls = false)
    {
        var client = new ImapClient { ServerCertificateValidationCallback = (_, _, _, _) => true };
        var endpoint = implicitTls ? server.Imaps : server.Imap;
        await client.ConnectAsync(endpoint.Address.ToString(), endpoint.Port, implicitTls ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls);
        await client.AuthenticateAsync(user, WrenServerProcess.Password);
        return client;
    }
}
