namespace Wren.Bench.Outbound;

/// <summary>What <c>Wren.Bench outbound</c> was asked to do, parsed from its command line.</summary>
internal sealed record OutboundLoadOptions
{
    /// <summary>Host (an IP address) of the sink server that the destination domain's MX points at.</summary>
    public string SinkHost { get; init; } = "127.0.0.1";

    /// <summary>Port of the sink server (Wren's <c>Delivery:Port</c>).</summary>
    public int SinkPort { get; init; } = 2626;

    /// <summary><c>Delivery:MaxConnectionsPerDomain</c>: concurrent connections to the destination.</summary>
    public int Connections { get; init; } = 10;

    /// <summary>Messages (queue entries) to enqueue and deliver.</summary>
    public int Messages { get; init; } = 10_000;

    /// <summary>Size in bytes of each message as relayed (headers and body, CRLF line ends).</summary>
    public int Size { get; init; } = 4096;

    /// <summary>Recipients per message, all at the destination domain (one transaction carries them all).</summary>
    public int Recipients { get; init; } = 1;

    /// <summary><c>Delivery:MaxMessagesPerConnection</c>; null keeps Wren's default.</summary>
    public int? PerConnection { get; init; }

    /// <summary><c>Delivery:MaxConcurrentMessages</c> (queue entries in delivery at once); null keeps Wren's default.</summary>
    public int? InFlight { get; init; }

    /// <summary>Most seconds to wait for the queue to empty before reporting what was done.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(600);

    /// <summary>Data folder for the store; a new temp folder (deleted afterwards) when null.</summary>
    public string? Data { get; init; }

    /// <summary>Time the queue store's calls and the sessions' jobs, and print where the time went.</summary>
    public bool Profile { get; init; }

    /// <summary>Keep the data folder after the run.</summary>
    public bool Keep { get; init; }

    /// <summary>The destination domain, its MX host and the sender's domain (a local one, as in submission).</summary>
    public const string Domain = "sink.test";

    /// <summary>The MX host name of <see cref="Domain"/>.</summary>
    public const string MxHost = "mx.sink.test";

    /// <summary>The envelope sender, a local user of the store.</summary>
    public const string Sender = "sender@bench.test";

    /// <summary>The options' syntax, printed on a usage error.</summary>
    public const string Usage =
        """
        usage: Wren.Bench outbound [--sink HOST:PORT] [--connections N] [--messages M] [--size BYTES]
                                   [--recipients R] [--per-connection K] [--in-flight E] [--timeout SECONDS] [--data DIR] [--keep]
                                   [--profile]

          --sink            SMTP server the destination's MX points at, an IP address (default 127.0.0.1:2626)
          --connections     Delivery:MaxConnectionsPerDomain (default 10)
          --messages        messages to queue and deliver (default 10000)
          --size            bytes per message as relayed, headers included (default 4096)
          --recipients      recipients per message, all at the destination domain (default 1)
          --per-connection  Delivery:MaxMessagesPerConnection (default: Wren's, 100)
          --in-flight       Delivery:MaxConcurrentMessages, entries in delivery at once (default: Wren's, 2000)
          --timeout         seconds to wait for the queue to empty (default 600)
          --data            data folder for the store (default: a new folder in the temp folder)
          --keep            keep the data folder afterwards
          --profile         time the queue store's calls and the SMTP jobs (wraps the store: a little slower)
        """;

    private static readonly HashSet<string> Flags = ["--keep", "--profile"];

    private static readonly HashSet<string> ValueOptions =
        ["--sink", "--connections", "--messages", "--size", "--recipients", "--per-connection", "--in-flight", "--timeout", "--data"];

    /// <summary>Parses the arguments that follow <c>outbound</c>; on failure returns null and says why in <paramref name="error"/>.</summary>
    public static OutboundLoadOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        var options = new OutboundLoadOptions();
        if (BenchArguments.Read(args, Flags, ValueOptions, out error) is not { } given)
            return null;
        foreach ((string name, string? flagOrValue) in given)
        {
            if (flagOrValue is not { } value)
            {
                options = name == "--keep" ? options with { Keep = true } : options with { Profile = true };
                continue;
            }
            int number = 0;
            if (name is not ("--sink" or "--data") && !BenchArguments.TryParsePositive(name, value, out number, out error))
                return null;
            switch (name)
            {
                case "--sink":
                    if (!BenchArguments.TryParseEndpoint(value, requireAddress: true, out string host, out int port))
                    {
                        error = $"--sink: '{value}' is not ADDRESS:PORT";
                        return null;
                    }
                    options = options with { SinkHost = host, SinkPort = port };
                    break;
                case "--connections":
                    options = options with { Connections = number };
                    break;
                case "--messages":
                    options = options with { Messages = number };
                    break;
                case "--size":
                    options = options with { Size = number };
                    break;
                case "--recipients":
                    options = options with { Recipients = number };
                    break;
                case "--per-connection":
                    options = options with { PerConnection = number };
                    break;
                case "--in-flight":
                    options = options with { InFlight = number };
                    break;
                case "--timeout":
                    options = options with { Timeout = TimeSpan.FromSeconds(number) };
                    break;
                case "--data":
                    options = options with { Data = value };
                    break;
                default:
                    throw new System.Diagnostics.UnreachableException(name);
            }
        }
        return options;
    }
}
