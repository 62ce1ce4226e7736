namespace Wren.Cli.Commands;

/// <summary>
/// Ends a command with one line on stderr and exit code 1: the user asked for something that cannot be done
/// (unknown domain, user exists, bad address…). The message is the whole line, without the <c>wren:</c> prefix.
/// </summary>
public sealed class CommandFailedException(string message) : Exception(message);
