using System.CommandLine;
using Wren.Store.Sqlite;

namespace Wren.Cli.Commands;

/// <summary>
/// The <c>--data DIR</c> option every command takes, and the store it opens. Without the option the folder is
/// the environment variable <c>WREN__DATA</c>, else <c>./data</c>, as for the server.
/// </summary>
public static class DataDirectory
{
    /// <summary>The environment variable that names the data folder when <c>--data</c> is not given.</summary>
    public const string EnvironmentVariable = "WREN__DATA";

    /// <summary>The option, recursive: it may be given to <c>wren</c> or to any of its commands.</summary>
    public static Option<string?> Option { get; } = new("--data")
    {
        Description = $"Data folder (default: ${EnvironmentVariable}, else ./data)",
        HelpName = "DIR",
        Recursive = true,
    };

    /// <summary>The value given with <c>--data</c>, or null.</summary>
    public static string? Given(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        string? value = parseResult.GetValue(Option);
        return string.IsNullOrWhiteSpace(value) ? null : value;
    }

    /// <summary>The data folder to use: <c>--data</c>, else <c>WREN__DATA</c>, else <c>./data</c>.</summary>
    public static string Resolve(ParseResult parseResult)
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        return Given(parseResult)
            ?? (string.IsNullOrWhiteSpace(fromEnvironment) ? null : fromEnvironment)
            ?? Path.Combine(".", "data");
    }

    /// <summary>Opens the store in the resolved data folder (creating the folder when it does not exist yet).</summary>
    public static Task<SqliteStore> OpenStoreAsync(ParseResult parseResult, CancellationToken cancellationToken) =>
        SqliteStore.OpenAsync(Resolve(parseResult), cancellationToken: cancellationToken);
}
