using Wren.Bench.Imap;
using Wren.Bench.Outbound;
using Wren.Bench.Smtp;

// Wren.Bench: end-to-end load tools, `smtp` (receiving), `outbound` (delivering) and `imap` (FETCH, SEARCH, IDLE); see bench/README.md.
string[] tools = ["smtp", "outbound", "imap"];
if (args.Length == 0 || !tools.Contains(args[0]) || args.Contains("--help") || args.Contains("-h"))
{
    bool asked = args.Length == 0 || args.Contains("--help") || args.Contains("-h");
    TextWriter writer = asked ? Console.Out : Console.Error;
    if (!asked)
        writer.WriteLine($"Wren.Bench: unknown tool '{args[0]}'");
    bool all = args.Length == 0 || !tools.Contains(args[0]);
    if (all || args[0] == "smtp")
        writer.WriteLine(SmtpLoadOptions.Usage);
    if (all || args[0] == "outbound")
        writer.WriteLine(OutboundLoadOptions.Usage);
    if (all || args[0] == "imap")
        writer.WriteLine(ImapBenchOptions.Usage);
    return asked ? 0 : 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true; // stop, then report what was measured
    stop.Cancel();
};

if (args[0] == "imap")
{
    ImapBenchOptions? imap = ImapBenchOptions.Parse(args[1..], out string? imapError);
    if (imap is null)
    {
        Console.Error.WriteLine($"Wren.Bench imap: {imapError}");
        Console.Error.WriteLine(ImapBenchOptions.Usage);
        return 2;
    }
    return await ImapBenchCommand.RunAsync(imap, Console.Out, Console.Error, stop.Token);
}

if (args[0] == "outbound")
{
    OutboundLoadOptions? outbound = OutboundLoadOptions.Parse(args[1..], out string? outboundError);
    if (outbound is null)
    {
        Console.Error.WriteLine($"Wren.Bench outbound: {outboundError}");
        Console.Error.WriteLine(OutboundLoadOptions.Usage);
        return 2;
    }
    return await OutboundLoadCommand.RunAsync(outbound, Console.Out, Console.Error, stop.Token);
}

SmtpLoadOptions? options = SmtpLoadOptions.Parse(args[1..], out string? error);
if (options is null)
{
    Console.Error.WriteLine($"Wren.Bench smtp: {error}");
    Console.Error.WriteLine(SmtpLoadOptions.Usage);
    return 2;
}

return await SmtpLoadCommand.RunAsync(options, Console.Out, Console.Error, stop.Token);
