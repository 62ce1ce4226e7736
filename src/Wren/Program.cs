using System.CommandLine;
using System.CommandLine.Invocation;
using Wren.Cli.Commands;

// No response files: "@example.com" is a catch-all alias source, not a file of arguments.
ParseResult parseResult = WrenRootCommand.Create().Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });

// Usage errors (unknown command or option, missing argument) exit 2; help (--help) still wins over them.
if (parseResult.Errors.Count > 0 && parseResult.Action is ParseErrorAction)
{
    foreach (var error in parseResult.Errors)
        Console.Error.WriteLine($"wren: {error.Message}");
    Console.Error.WriteLine($"Run '{string.Join(' ', CommandPath(parseResult))} --help' for usage.");
    return ExitCodes.Usage;
}

return await parseResult.InvokeAsync(new InvocationConfiguration
{
    // No exit code of System.CommandLine's own (130/143) on Ctrl+C or SIGTERM: `wren serve` handles them and
    // exits 0 once stopped; the other commands are short and their store writes are transactions.
    ProcessTerminationTimeout = null,
});

static IEnumerable<string> CommandPath(ParseResult parseResult)
{
    var names = new Stack<string>();
    for (var result = parseResult.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        names.Push(result.Command.Name);
    return names;
}
