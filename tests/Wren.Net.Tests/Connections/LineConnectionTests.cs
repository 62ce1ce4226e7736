using System.Net;
using System.Net.Sockets;
using System.Text;
using Wren.Net.Connections;

namespace Wren.Net.Tests.Connections;

public sealed class LineConnectionTests
{
    private static async Task<(LineConnection Server, NetworkStream Client, IDisposable Sockets)> ConnectAsync()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var client = new TcpClient();
        await client.ConnectAsync((IPEndPoint)listener.LocalEndpoint);
        Socket accepted = await listener.AcceptSocketAsync();
        var connection = new LineConnection(new NetworkStream(accepted, ownsSocket: true), TimeProvider.System, CancellationToken.None);
        return (connection, client.GetStream(), client);
    }

    [Fact]
    public async Task Reads_pipelined_lines_and_skips_an_overlong_one_in_bounded_memory()
    {
        var (server, client, sockets) = await ConnectAsync();
        await using (server)
        using (sockets)
        {
            await client.WriteAsync(Encoding.ASCII.GetBytes("ONE\r\n" + new string('x', 5000) + "\r\nTWO\nTHREE\r\n"));
            client.Socket.Shutdown(SocketShutdown.Send);
            var timeout = TimeSpan.FromSeconds(30);
            Assert.Equal("ONE", (await server.ReadLineAsync(100, timeout)).Line);
            Assert.True((await server.ReadLineAsync(100, timeout)).IsTooLong);
            Assert.Equal("TWO", (await server.ReadLineAsync(100, timeout)).Line);
            Assert.Equal("THREE", (await server.ReadLineAsync(100, timeout)).Line);
            Assert.Equal(LineRead.EndOfInput, await server.ReadLineAsync(100, timeout));
        }
    }

    [Fact]
    public async Task Queued_replies_go_out_when_the_server_waits_for_input()
    {
        var (server, client, sockets) = await ConnectAsync();
        await using (server)
        using (sockets)
        {
            server.WriteLine("+OK first");
            server.WriteLine("+OK second");
            Task<LineRead> waiting = server.ReadLineAsync(100, TimeSpan.FromSeconds(30)).AsTask();
            var buffer = new byte[64];
            var received = new StringBuilder();
            while (!received.ToString().EndsWith("second\r\n"))
                received.Append(Encoding.ASCII.GetString(buffer, 0, await client.ReadAsync(buffer)));
            Assert.Equal("+OK first\r\n+OK second\r\n", received.ToString());
            await client.WriteAsync("QUIT\r\n"u8.ToArray());
            Assert.Equal("QUIT", (await waiting).Line);
        }
    }

    [Fact]
    public async Task The_final_line_is_sent_when_shutdown_fires_as_a_flush_completes()
    {
        // The race that once dropped the final BYE/421: shutdown cancelled while a flush's write was finishing.
        using var shutdown = new CancellationTokenSource();
        var wire = new CancellingOnWriteStream(shutdown);
        var server = new LineConnection(wire, TimeProvider.System, shutdown.Token);
        await using (server)
        {
            server.WriteLine("* OK first");
            try
            {
                await server.FlushAsync(TimeSpan.FromSeconds(30));
            }
            catch (OperationCanceledException)
            {
                // Either outcome of the race is fine for the flush itself.
            }
            Assert.True(server.IsShuttingDown);
            await server.TrySendFinalAsync("* BYE shutting down");
            Assert.Equal("* OK first\r\n* BYE shutting down\r\n", wire.Written);
        }
    }

    // Records what is written, honouring cancellation as a socket does, and cancels the shutdown token at the
    // end of the first flush, after its bytes are taken: the moment a real flush can meet a shutdown.
    private sealed class CancellingOnWriteStream(CancellationTokenSource shutdown) : MemoryStream
    {
        public string Written => Encoding.ASCII.GetString(ToArray());

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return base.WriteAsync(buffer, CancellationToken.None);
        }

        public override async Task FlushAsync(CancellationToken cancellationToken)
        {
            if (!shutdown.IsCancellationRequested)
                await shutdown.CancelAsync();
        }
    }
}
