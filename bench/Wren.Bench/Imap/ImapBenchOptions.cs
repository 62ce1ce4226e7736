using System.Net;

namespace Wren.Bench.Imap;

/// <summary>What <c>Wren.Bench imap</c> was asked to do, parsed from its command line.</summary>
internal sealed record ImapBenchOptions
{
    /// <summary>Host of the IMAP server (an IP address or a name).</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>Port of the IMAP server.</summary>
    public int Port { get; init; } = 143;

    /// <summary>The user whose mailbox is populated, fetched and searched.</summary>
    public string User { get; init; } = "";

    /// <summary>That user's password (LOGIN).</summary>
    public string Password { get; init; } = "";

    /// <summary>Plain, implicit TLS or STARTTLS.</summary>
    public ImapTlsMode Tls { get; init; } = ImapTlsMode.None;

    /// <summary>A name for the server in the report ("dovecot", "wren").</summary>
    public string Label { get; init; } = "";

    /// <summary>The mailbox to populate, fetch and search.</summary>
    public string Mailbox { get; init; } = "INBOX";

    /// <summary>When set, the mailbox is filled up to this many generated messages before the timings.</summary>
    public int? Populate { get; init; }

    /// <summary>When set, populating delivers by SMTP to this server instead of APPEND (for a server without APPEND).</summary>
    public IPEndPoint? PopulateSmtp { get; init; }

    /// <summary>The recipient of SMTP populating (default: <see cref="User"/>).</summary>
    public string? SmtpTo { get; init; }

    /// <summary>Connections that APPEND at once while populating.</summary>
    public int PopulateConnections { get; init; } = 4;

    /// <summary>APPEND commands in flight per connection when the server takes non-synchronising literals.</summary>
    public int PopulateWindow { get; init; } = 16;

    /// <summary>The generator's seed: the same seed gives the same messages.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Repetitions of each timed command (the median is reported).</summary>
    public int Repetitions { get; init; } = 5;

    /// <summary>How many full bodies the body FETCH asks for.</summary>
    public int Bodies { get; init; } = 1000;

    /// <summary>Skips the FETCH and SEARCH timings (only populate and/or idle).</summary>
    public bool SkipTimings { get; init; }

    /// <summary>Idle connections to open (0: no idle phase).</summary>
    public int IdleConnections { get; init; }

    /// <summary>The user the idle connections log in as (default: <see cref="User"/>).</summary>
    public string? IdleUser { get; init; }

    /// <summary>That user's password (default: <see cref="Password"/>).</summary>
    public string? IdlePassword { get; init; }

    /// <summary>The mailbox the idle connections select.</summary>
    public string IdleMailbox { get; init; } = "INBOX";

    /// <summary>Seconds to hold the idle connections (sampling the server) before closing them.</summary>
    public int IdleSeconds { get; init; } = 10;

    /// <summary>Idle connections being set up at once.</summary>
    public int IdleParallel { get; init; } = 32;

    /// <summary>After the memory figures, APPEND one message to the idle mailbox and time how soon every idle connection hears of it.</summary>
    public bool IdleNotify { get; init; } = true;

    /// <summary>Source addresses for the client sockets, used in turn (more ephemeral ports).</summary>
    public IReadOnlyList<IPAddress> BindAddresses { get; init; } = [];

    /// <summary>The server's process (its descendants are counted with it); found from the port when null.</summary>
    public int? ServerPid { get; init; }

    /// <summary>How long any one read or write may wait.</summary>
    public TimeSpan ReplyTimeout { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>The options' syntax, printed on a usage error.</summary>
    public const string Usage =
        """
        usage: Wren.Bench imap --host HOST --port PORT --user USER --password PASSWORD [--tls | --starttls]
                               [--label NAME] [--mailbox NAME] [--populate N] [--populate-connections C]
                               [--populate-window W] [--populate-smtp ADDR:PORT [--smtp-to ADDRESS]] [--seed S]
                               [--reps R] [--bodies B] [--no-timings]
                               [--idle-connections N] [--idle-user USER] [--idle-password PASSWORD]
                               [--idle-mailbox NAME] [--idle-seconds S] [--idle-parallel P] [--no-idle-notify]
                               [--bind ADDR[,ADDR…]] [--server-pid PID] [--timeout SECONDS]

          --host, --port     IMAP server (default 127.0.0.1:143); --tls: implicit TLS, --starttls: STARTTLS
          --user, --password the mailbox owner (LOGIN); --label names the server in the report
          --mailbox          mailbox to populate, fetch and search (default INBOX)
          --populate         fill the mailbox up to N generated messages first (APPEND; LITERAL+ when offered)
          --populate-connections, --populate-window   APPENDing connections (default 4), APPENDs in flight each (16)
          --populate-smtp    populate by SMTP delivery to ADDR:PORT instead of APPEND (to --smtp-to, default --user)
          --seed             message generator seed (default 1): same seed, same messages
          --reps             repetitions of each timed command, median reported (default 5)
          --bodies           full bodies in the body FETCH (default 1000)
          --no-timings       skip the FETCH/SEARCH timings
          --idle-connections open N connections that LOGIN, SELECT and IDLE; measure server memory per connection
          --idle-user, --idle-password, --idle-mailbox   who they log in as and what they select (default: --user, INBOX)
          --idle-seconds     how long to hold them, sampling the server (default 10)
          --idle-parallel    connections being set up at once (default 32)
          --no-idle-notify   skip the wake-up check (one APPEND to the idle mailbox, time until each connection sees EXISTS)
          --bind             client source addresses used in turn (e.g. 127.0.0.1,127.0.0.2): more ephemeral ports
          --server-pid       the server process (children included, as Dovecot's); default: whoever listens on --port
          --timeout          seconds any one read or write may wait (default 300)
        """;

    private static readonly HashSet<string> Flags = ["--tls", "--starttls", "--no-timings", "--no-idle-notify"];

    private static readonly HashSet<string> ValueOptions =
    [
        "--host", "--port", "--user", "--password", "--label", "--mailbox", "--populate", "--populate-connections",
        "--populate-window", "--seed", "--reps", "--bodies", "--idle-connections", "--idle-user", "--idle-password",
        "--idle-mailbox", "--idle-seconds", "--idle-parallel", "--bind", "--server-pid", "--timeout", "--populate-smtp", "--smtp-to",
    ];

    /// <summary>Parses the arguments that follow <c>imap</c>; on failure returns null and says why in <paramref name="error"/>.</summary>
    public static ImapBenchOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        var options = new ImapBenchOptions();
        if (BenchArguments.Read(args, Flags, ValueOptions, out error) is not { } given)
            return null;
        foreach ((string name, string? flagOrValue) in given)
        {
            if (flagOrValue is not { } value)
            {
                options = name switch
                {
                    "--tls" => options with { Tls = ImapTlsMode.Implicit },
                    "--starttls" => options with { Tls = ImapTlsMode.StartTls },
                    "--no-timings" => options with { SkipTimings = true },
                    "--no-idle-notify" => options with { IdleNotify = false },
                    _ => throw new System.Diagnostics.UnreachableException(name),
                };
                continue;
            }
            int number = 0;
            if (name is "--port" or "--populate" or "--populate-connections" or "--populate-window" or "--seed" or "--reps"
                    or "--bodies" or "--idle-connections" or "--idle-seconds" or "--idle-parallel" or "--server-pid" or "--timeout"
                && !BenchArguments.TryParsePositive(name, value, out number, out error))
                return null;
            switch (name)
            {
                case "--host": options = options with { Host = value }; break;
                case "--port":
                    if (number > 65535)
                    {
                        error = $"--port: {value} is not a port";
                        return null;
                    }
                    options = options with { Port = number };
                    break;
                case "--user": options = options with { User = value }; break;
                case "--password": options = options with { Password = value }; break;
                case "--label": options = options with { Label = value }; break;
                case "--mailbox": options = options with { Mailbox = value }; break;
                case "--populate": options = options with { Populate = number }; break;
                case "--populate-connections": options = options with { PopulateConnections = number }; break;
                case "--populate-window": options = options with { PopulateWindow = number }; break;
                case "--seed": options = options with { Seed = number }; break;
                case "--reps": options = options with { Repetitions = number }; break;
                case "--bodies": options = options with { Bodies = number }; break;
                case "--idle-connections": options = options with { IdleConnections = number }; break;
                case "--idle-user": options = options with { IdleUser = value }; break;
                case "--idle-password": options = options with { IdlePassword = value }; break;
                case "--idle-mailbox": options = options with { IdleMailbox = value }; break;
                case "--idle-seconds": options = options with { IdleSeconds = number }; break;
                case "--idle-parallel": options = options with { IdleParallel = number }; break;
                case "--server-pid": options = options with { ServerPid = number }; break;
                case "--timeout": options = options with { ReplyTimeout = TimeSpan.FromSeconds(number) }; break;
                case "--smtp-to": options = options with { SmtpTo = value }; break;
                case "--populate-smtp":
                    if (!BenchArguments.TryParseEndpoint(value, requireAddress: true, out string smtpHost, out int smtpPort))
                    {
                        error = $"--populate-smtp: '{value}' is not ADDRESS:PORT";
                        return null;
                    }
                    options = options with { PopulateSmtp = new IPEndPoint(IPAddress.Parse(smtpHost), smtpPort) };
                    break;
                case "--bind":
                    var addresses = new List<IPAddress>();
                    foreach (string part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        if (!IPAddress.TryParse(part, out IPAddress? address))
                        {
                            error = $"--bind: '{part}' is not an IP address";
                            return null;
                        }
                        addresses.Add(address);
                    }
                    options = options with { BindAddresses = addresses };
                    break;
                default:
                    throw new System.Diagnostics.UnreachableException(name);
            }
        }
        if (options.User.Length == 0 || options.Password.Length == 0)
        {
            error = "--user and --password are required";
            return null;
        }
        return options;
    }
}
