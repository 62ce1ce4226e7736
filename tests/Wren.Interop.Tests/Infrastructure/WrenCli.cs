using System.Diagnostics;

namespace Wren.Interop.Tests.Infrastructure;

/// <summary>
/// Runs the real <c>wren</c> command (<c>dotnet wren.dll …</c> from the test's output folder) against its own
/// temp data folder, and captures exit code, stdout and stderr.
/// </summary>
public sealed class WrenCli : IDisposable
{
    public WrenCli() => DataDirectory = Directory.CreateTempSubdirectory("wren-cli-test-").FullName;

    public string DataDirectory { get; }

    public sealed record Result(int ExitCode, string StandardOutput, string StandardError);

    /// <summary>Runs <c>wren ARGS --data DATA</c>, feeding <paramref name="standardInput"/> (stdin is closed after it).</summary>
    public Task<Result> RunAsync(string[] arguments, string? standardInput = null) =>
        RunRawAsync([.. arguments, "--data", DataDirectory], standardInput);

    /// <summary>Runs <c>wren ARGS</c> exactly as given, with extra environment variables.</summary>
    public async Task<Result> RunRawAsync(string[] arguments, string? standardInput = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = DataDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "wren.dll"));
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment.Remove("WREN__DATA");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            start.Environment[key] = value;

        using var process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
            await process.StandardInput.WriteAsync(standardInput);
        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
