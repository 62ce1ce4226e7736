using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Wren.Delivery.Tests.TlsPolicy;

/// <summary>
/// A tiny HTTPS server on 127.0.0.1 (ephemeral port): each connection gets TLS with the given certificate,
/// one request read up to its blank line, one canned response, then close.
/// </summary>
internal sealed class TestHttpsServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly SslStreamCertificateContext _certificate;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public TestHttpsServer(X509Certificate2 certificate, string response)
    {
        _certificate = SslStreamCertificateContext.Create(certificate, null, offline: true);
        Response = response;
        _listener.Start();
        _loop = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The raw response (status line, headers, body) sent to the next requests.</summary>
    public string Response { get; set; }

    /// <summary>The head of each request received (request line and headers).</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>A 200 response with <paramref name="body"/>.</summary>
    public static string Ok(string body, string contentType = "text/plain") =>
        $"HTTP/1.1 200 OK\r\nContent-Type: {contentType}\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}";

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                await using var tls = new SslStream(client.GetStream());
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificateContext = _certificate }, _stop.Token);
                var head = new StringBuilder();
                byte[] one = new byte[1];
                while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await tls.ReadAsync(one, _stop.Token) == 1)
                    head.Append((char)one[0]);
                if (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
                    return; // TLS 1.3: the client refused the certificate after the server's side of the handshake
                Requests.Enqueue(head.ToString());
                await tls.WriteAsync(Encoding.UTF8.GetBytes(Response), _stop.Token);
                await tls.FlushAsync(_stop.Token);
                await tls.ShutdownAsync();
            }
            catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException or OperationCanceledException or SocketException)
            {
                // The client refused the certificate or went away: that is what some tests want.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }
}
