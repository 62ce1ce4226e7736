using Wren.Bench.Smtp;

// Wren.Bench: end-to-end load tools. `smtp` is the only one so far; see bench/README.md.
if (args.Length == 0 || args[0] != "smtp" || args.Contains("--help") || args.Contains("-h"))
{
    bool asked = args.Length == 0 || args.Contains("--help") || args.Contains("-h");
    TextWriter writer = asked ? Console.Out : Console.Error;
    if (!asked)
        writer.WriteLine($"Wren.Bench: unknown tool '{args[0]}'");
    writer.WriteLine(SmtpLoadOptions.Usage);
    return asked ? 0 : 2;
}

SmtpLoadOptions? options = SmtpLoadOptions.Parse(args[1..], out string? error);
if (options is null)
{
    Console.Error.WriteLine($"Wren.Bench smtp: {error}");
    Console.Error.WriteLine(SmtpLoadOptions.Usage);
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true; // stop sending, then report what was measured
    stop.Cancel();
};

return await SmtpLoadCommand.RunAsync(options, Console.Out, Console.Error, stop.Token);
