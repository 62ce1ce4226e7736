using Wren.Store.Accounts;

namespace Wren.Cli.Commands;

/// <summary>
/// Runs a command's body and turns the failures a user can cause into one line on stderr and exit code 1,
/// so that no command prints a stack trace for a mistake.
/// </summary>
public static class CommandAction
{
    /// <summary>Runs <paramref name="body"/>; returns its exit code, or <see cref="ExitCodes.Failure"/> after printing why it failed.</summary>
    public static async Task<int> RunAsync(Func<Task<int>> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            return await body();
        }
        catch (CommandFailedException e)
        {
            await Console.Error.WriteLineAsync($"wren: {e.Message}");
        }
        catch (AccountStoreException e)
        {
            await Console.Error.WriteLineAsync($"wren: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"wren: {e.Message}");
        }
        return ExitCodes.Failure;
    }
}
