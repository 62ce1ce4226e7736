using System.Text;

namespace Wren.Cli.Commands;

/// <summary>
/// Reads a new password: one line from stdin with <c>--password-stdin</c> (for scripts), otherwise typed twice
/// at the terminal without echo.
/// </summary>
public static class PasswordInput
{
    /// <summary>Reads the password; fails the command when none can be read or the two typings differ.</summary>
    public static async Task<string> ReadNewAsync(bool fromStdin, CancellationToken cancellationToken)
    {
        string password;
        if (fromStdin)
        {
            string? line = await Console.In.ReadLineAsync(cancellationToken);
            password = line ?? throw new CommandFailedException("no password on stdin (expected one line)");
        }
        else
        {
            if (Console.IsInputRedirected)
                throw new CommandFailedException("stdin is not a terminal: pass the password with --password-stdin");
            password = ReadHidden("New password: ");
            if (ReadHidden("Repeat password: ") != password)
                throw new CommandFailedException("the two passwords differ");
        }

        if (password.Length == 0)
            throw new CommandFailedException("the password is empty");
        return password;
    }

    // Reads one line from the terminal, echoing nothing; Backspace edits.
    private static string ReadHidden(string prompt)
    {
        Console.Error.Write(prompt);
        var text = new StringBuilder();
        while (true)
        {
            ConsoleKeyInfo key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
                break;
            if (key.Key == ConsoleKey.Backspace)
            {
                if (text.Length > 0)
                    text.Length--;
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }
        Console.Error.WriteLine();
        return text.ToString();
    }
}
