using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Wren.Delivery.Tests.TlsPolicy;

/// <summary>Runs one real TLS handshake on loopback: a server presenting a chain, a client with a validation callback.</summary>
internal static class TlsHandshake
{
    /// <summary>True when the client accepted the server's certificate.</summary>
    public static async Task<bool> ClientAcceptsAsync(X509Certificate2 leaf, X509Certificate2[] chain, string targetHost, RemoteCertificateValidationCallback validation)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var context = SslStreamCertificateContext.Create(leaf, new X509Certificate2Collection(chain), offline: true);
        Task server = Task.Run(async () =>
        {
            using TcpClient accepted = await listener.AcceptTcpClientAsync();
            await using var tls = new SslStream(accepted.GetStream());
            try
            {
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificateContext = context });
            }
            catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException)
            {
                // refused by the client
            }
        });
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        await using var clientTls = new SslStream(client.GetStream());
        try
        {
            await clientTls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = targetHost,
                RemoteCertificateValidationCallback = validation,
            });
            return true;
        }
        catch (System.Security.Authentication.AuthenticationException)
        {
            return false;
        }
        finally
        {
            client.Close();
            await server;
        }
    }
}
