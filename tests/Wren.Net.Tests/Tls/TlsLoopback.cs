using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Wren.Net.Tls;

namespace Wren.Net.Tests.Tls;

/// <summary>A real TLS handshake over a loopback TCP connection, with a client that accepts any certificate.</summary>
internal static class TlsLoopback
{
    public sealed record Result(SslProtocols Protocol, string ServerCertificateThumbprint, string Echo);

    public static async Task<Result> HandshakeAsync(SslStreamCertificateContext certificate, SslProtocols clientProtocols = SslProtocols.None)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ct = timeout.Token;
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var serverTask = ServeOnceAsync(listener, certificate, ct);

            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port, ct);
            await using var tls = new SslStream(client.GetStream());
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "localhost",
                EnabledSslProtocols = clientProtocols,
                RemoteCertificateValidationCallback = (_, _, _, _) => true,
            }, ct);

            await tls.WriteAsync("ping\n"u8.ToArray(), ct);
            var buffer = new byte[5];
            await tls.ReadExactlyAsync(buffer, ct);
            await serverTask;

            var thumbprint = X509CertificateLoader.LoadCertificate(tls.RemoteCertificate!.GetRawCertData()).Thumbprint;
            return new Result(tls.SslProtocol, thumbprint, System.Text.Encoding.ASCII.GetString(buffer));
        }
        finally
        {
            listener.Stop();
        }
    }

    private static async Task ServeOnceAsync(TcpListener listener, SslStreamCertificateContext certificate, CancellationToken ct)
    {
        using var connection = await listener.AcceptTcpClientAsync(ct);
        await using var tls = new SslStream(connection.GetStream());
        await tls.AuthenticateAsServerAsync(ServerTlsOptions.Create(certificate), ct);
        var buffer = new byte[5];
        await tls.ReadExactlyAsync(buffer, ct);
        await tls.WriteAsync(buffer, ct);
        await tls.FlushAsync(ct);
    }
}
