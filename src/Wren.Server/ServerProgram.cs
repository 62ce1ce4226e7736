using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Wren.Server.Configuration;
using Wren.Server.Hosting;

namespace Wren.Server;

/// <summary>Entry point of <c>wren serve</c>: builds the host from configuration and runs it until stopped.</summary>
public static class ServerProgram
{
    /// <summary>Runs the server; returns the process exit code.</summary>
    /// <param name="dataDirectory">--data, or null for configuration / WREN__DATA / ./data.</param>
    /// <param name="configFile">--config, or null for ./wren.json when it exists.</param>
    /// <param name="overrides">Extra configuration keys from the command line (key → value), may be empty.</param>
    /// <param name="cancellationToken">Stops the server.</param>
    public static async Task<int> RunAsync(string? dataDirectory, string? configFile, IReadOnlyDictionary<string, string?> overrides, CancellationToken cancellationToken)
    {
        var allOverrides = new Dictionary<string, string?>(overrides);
        if (dataDirectory is not null)
            allOverrides["Data"] = dataDirectory;
        WrenSettings settings;
        try
        {
            (_, settings) = WrenConfiguration.Load(configFile, allOverrides);
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or FileNotFoundException)
        {
            Console.Error.WriteLine($"wren serve: bad configuration: {ex.Message}");
            return 2;
        }

        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IHostLifetime, Microsoft.Extensions.Hosting.Internal.ConsoleLifetime>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.Services.AddHostedService(sp => new MailServerService(
            settings, sp.GetRequiredService<ILoggerFactory>(), sp.GetRequiredService<TimeProvider>(), Console.Out));
        using IHost host = builder.Build();
        try
        {
            await host.RunAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException or FormatException)
        {
            Console.Error.WriteLine($"wren serve: {ex.Message}");
            return 1;
        }
        return 0;
    }
}
