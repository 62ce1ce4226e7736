namespace Wren.Cli.Commands;

/// <summary>Asks a yes/no question on the terminal; anything but "y" or "yes" (or end of input) means no.</summary>
public static class Confirmation
{
    /// <summary>Writes <paramref name="question"/> followed by <c>[y/N]</c> and reads the answer from stdin.</summary>
    public static async Task<bool> AskAsync(string question, CancellationToken cancellationToken)
    {
        await Console.Error.WriteAsync($"{question} [y/N] ");
        string? answer = await Console.In.ReadLineAsync(cancellationToken);
        if (answer is null || Console.IsInputRedirected)
            await Console.Error.WriteLineAsync(); // nothing was echoed: end the prompt's line
        return answer?.Trim().ToLowerInvariant() is "y" or "yes";
    }
}
