namespace Wren.Bench.Smtp;

/// <summary>What <c>Wren.Bench smtp</c> was asked to do, parsed from its command line.</summary>
internal sealed record SmtpLoadOptions
{
    /// <summary>Host of the SMTP server under test (an IP address or a name).</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>Port of the SMTP server under test.</summary>
    public int Port { get; init; } = 2525;

    /// <summary>Concurrent SMTP connections (sessions).</summary>
    public int Connections { get; init; } = 1;

    /// <summary>Messages to send in total, over all connections.</summary>
    public int Messages { get; init; } = 1000;

    /// <summary>Size in bytes of each message as the server stores it (headers and body, CRLF line ends).</summary>
    public int Size { get; init; } = 4096;

    /// <summary>The envelope sender (MAIL FROM).</summary>
    public string From { get; init; } = "a@example.test";

    /// <summary>The envelope recipient (RCPT TO).</summary>
    public string To { get; init; } = "b@example.test";

    /// <summary>PID of the server, whose memory and CPU are sampled during the run; null when not given.</summary>
    public int? ServerPid { get; init; }

    /// <summary>When true each connection sends several messages (consecutive transactions, no RSET between them).</summary>
    public bool Reuse { get; init; }

    /// <summary>How long to wait for any one reply before the message counts as failed ("timeout").</summary>
    public TimeSpan ReplyTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The options' syntax, printed on a usage error.</summary>
    public const string Usage =
        """
        usage: Wren.Bench smtp [--server HOST:PORT] [--connections N] [--messages M] [--size BYTES]
                               [--from ADDRESS] [--to ADDRESS] [--pid SERVERPID] [--reuse] [--timeout SECONDS]

          --server       SMTP server to load (default 127.0.0.1:2525)
          --connections  concurrent connections (default 1)
          --messages     messages in total (default 1000)
          --size         bytes per message, headers included (default 4096)
          --from, --to   envelope sender and recipient (default a@example.test, b@example.test)
          --pid          sample this process's memory (VmHWM, RSS) and CPU during the run
          --reuse        several messages per connection instead of one connection per message
          --timeout      seconds to wait for a reply before counting a timeout (default 60)
        """;

    private static readonly HashSet<string> Flags = ["--reuse"];

    private static readonly HashSet<string> ValueOptions =
        ["--server", "--connections", "--messages", "--size", "--pid", "--timeout", "--from", "--to"];

    /// <summary>Parses the arguments that follow <c>smtp</c>; on failure returns null and says why in <paramref name="error"/>.</summary>
    public static SmtpLoadOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        var options = new SmtpLoadOptions();
        if (BenchArguments.Read(args, Flags, ValueOptions, out error) is not { } given)
            return null;
        foreach ((string name, string? flagOrValue) in given)
        {
            if (flagOrValue is not { } value)
            {
                options = options with { Reuse = true };
                continue;
            }
            switch (name)
            {
                case "--server":
                    if (!BenchArguments.TryParseEndpoint(value, requireAddress: false, out string host, out int port))
                    {
                        error = $"--server: '{value}' is not HOST:PORT";
                        return null;
                    }
                    options = options with { Host = host, Port = port };
                    break;
                case "--connections":
                    if (!BenchArguments.TryParsePositive(name, value, out int connections, out error))
                        return null;
                    options = options with { Connections = connections };
                    break;
                case "--messages":
                    if (!BenchArguments.TryParsePositive(name, value, out int messages, out error))
                        return null;
                    options = options with { Messages = messages };
                    break;
                case "--size":
                    if (!BenchArguments.TryParsePositive(name, value, out int size, out error))
                        return null;
                    options = options with { Size = size };
                    break;
                case "--pid":
                    if (!BenchArguments.TryParsePositive(name, value, out int pid, out error))
                        return null;
                    options = options with { ServerPid = pid };
                    break;
                case "--timeout":
                    if (!BenchArguments.TryParsePositive(name, value, out int seconds, out error))
                        return null;
                    options = options with { ReplyTimeout = TimeSpan.FromSeconds(seconds) };
                    break;
                case "--from":
                    options = options with { From = value };
                    break;
                case "--to":
                    options = options with { To = value };
                    break;
                default:
                    throw new System.Diagnostics.UnreachableException(name);
            }
        }
        return options;
    }
}
