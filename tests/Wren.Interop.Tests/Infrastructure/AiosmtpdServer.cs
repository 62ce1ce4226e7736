using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Wren.Interop.Tests.Infrastructure;

/// <summary>
/// Debian's python3-aiosmtpd (an independent SMTP server) on a loopback port, run by /usr/bin/python3 (where
/// the Debian package is importable), writing each message it receives to a folder as envelope + content.
/// </summary>
public sealed class AiosmtpdServer : IAsyncDisposable
{
    private const string Python = "/usr/bin/python3";

    // The handler writes NNN.env (MAIL FROM, then one RCPT per line) and NNN.eml (the content as received).
    private const string Script = """
        import sys, os, itertools
        from aiosmtpd.controller import Controller
        folder, port = sys.argv[1], int(sys.argv[2])
        counter = itertools.count(1)
        class Saver:
            async def handle_DATA(self, server, session, envelope):
                n = next(counter)
                with open(os.path.join(folder, f"{n:03}.eml"), "wb") as f:
                    f.write(envelope.original_content)
                with open(os.path.join(folder, f"{n:03}.env"), "w") as f:
                    f.write("\n".join([envelope.mail_from] + envelope.rcpt_tos))
                return "250 Message accepted for delivery"
        controller = Controller(Saver(), hostname="127.0.0.1", port=port)
        controller.start()
        print("ready", flush=True)
        sys.stdin.read()
        controller.stop()
        """;

    private readonly Process _process;

    private AiosmtpdServer(Process process, string folder, int port)
    {
        _process = process;
        Folder = folder;
        Port = port;
    }

    public string Folder { get; }

    public int Port { get; }

    public static bool IsAvailable =>
        File.Exists(Python) && Process.Start(new ProcessStartInfo(Python, ["-c", "import aiosmtpd"]) { RedirectStandardError = true })!
            is var p && p.WaitForExit(30_000) && p.ExitCode == 0;

    public static async Task<AiosmtpdServer> StartAsync()
    {
        string folder = Directory.CreateTempSubdirectory("wren-aiosmtpd-").FullName;
        string script = Path.Combine(folder, "server.py");
        await File.WriteAllTextAsync(script, Script);
        string mail = Directory.CreateDirectory(Path.Combine(folder, "mail")).FullName;
        int port = FreePort();
        var start = new ProcessStartInfo(Python, [script, mail, port.ToString()])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start)!;
        _ = process.StandardError.ReadToEndAsync();
        string? line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        if (line != "ready")
            throw new InvalidOperationException("aiosmtpd did not start: " + line);
        return new AiosmtpdServer(process, mail, port);
    }

    /// <summary>The messages received so far: envelope lines and content bytes.</summary>
    public IReadOnlyList<(string[] Envelope, byte[] Content)> Messages() =>
        Directory.GetFiles(Folder, "*.eml").Order()
            .Select(f => (File.ReadAllLines(Path.ChangeExtension(f, ".env")), File.ReadAllBytes(f))).ToArray();

    // aiosmtpd's Controller needs a fixed port; the kernel picks a free one (the window until it binds is short).
    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close();
        try
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
        try
        {
            Directory.Delete(Path.GetDirectoryName(Folder)!, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
