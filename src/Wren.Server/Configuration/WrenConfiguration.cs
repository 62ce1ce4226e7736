using Microsoft.Extensions.Configuration;

namespace Wren.Server.Configuration;

/// <summary>Builds the configuration: defaults, then wren.json, then WREN__ variables, then flags.</summary>
public static class WrenConfiguration
{
    /// <summary>
    /// Default listeners: the development ports on loopback, so <c>wren serve</c> runs unprivileged (production
    /// configuration uses 25, 587, 465, 110, 995, 143 and 993).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string?> Defaults = new Dictionary<string, string?>
    {
        ["Hostname"] = "localhost",
        ["Data"] = "data",
        ["Listeners:Smtp:0"] = "127.0.0.1:2525",
        ["Listeners:Submission:0"] = "127.0.0.1:2587",
        ["Listeners:Submissions:0"] = "127.0.0.1:2465",
        ["Listeners:Pop3:0"] = "127.0.0.1:1110",
        ["Listeners:Pop3s:0"] = "127.0.0.1:1995",
        ["Listeners:Imap:0"] = "127.0.0.1:1143",
        ["Listeners:Imaps:0"] = "127.0.0.1:1993",
    };

    /// <summary>Reads every source and binds the settings.</summary>
    /// <param name="configFile">An explicit wren.json path; otherwise ./wren.json when it exists.</param>
    /// <param name="overrides">Keys from command-line flags.</param>
    public static (IConfiguration Configuration, WrenSettings Settings) Load(string? configFile, IReadOnlyDictionary<string, string?> overrides)
    {
        var builder = new ConfigurationBuilder().AddInMemoryCollection(Defaults);
        if (configFile is not null)
            builder.AddJsonFile(Path.GetFullPath(configFile), optional: false);
        else
            builder.AddJsonFile(Path.GetFullPath("wren.json"), optional: true);
        builder.AddEnvironmentVariables("WREN__");
        builder.AddInMemoryCollection(overrides);
        IConfiguration configuration = builder.Build();
        var settings = new WrenSettings();
        configuration.Bind(settings);
        if (configuration["Smtp:Hostname"] is null)
            settings.Smtp.Hostname = settings.Hostname;
        if (configuration["Pop3:Hostname"] is null)
            settings.Pop3.Hostname = settings.Hostname;
        if (configuration["Imap:Hostname"] is null)
            settings.Imap.Hostname = settings.Hostname;
        WrenSettingsValidator.Validate(settings);
        return (configuration, settings);
    }
}
