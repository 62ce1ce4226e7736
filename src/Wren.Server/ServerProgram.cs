namespace Wren.Server;

/// <summary>Entry point of <c>wren serve</c>: builds the host from configuration and runs it until stopped.</summary>
public static class ServerProgram
{
    /// <summary>Runs the server; returns the process exit code.</summary>
    /// <param name="dataDirectory">--data, or null for configuration / WREN__DATA / ./data.</param>
    /// <param name="configFile">--config, or null for ./wren.json when it exists.</param>
    /// <param name="overrides">Extra configuration keys from the command line (key → value), may be empty.</param>
    /// <param name="cancellationToken">Stops the server.</param>
    public static Task<int> RunAsync(string? dataDirectory, string? configFile, IReadOnlyDictionary<string, string?> overrides, CancellationToken cancellationToken)
    {
        _ = (dataDirectory, configFile, overrides, cancellationToken);
        Console.Error.WriteLine("wren serve: the server is not wired yet");
        return Task.FromResult(1);
    }
}
