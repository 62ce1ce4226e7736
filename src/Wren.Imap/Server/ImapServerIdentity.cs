using System.Reflection;

namespace Wren.Imap.Server;

/// <summary>How the server names itself in the ID response (RFC 2971 §3.3).</summary>
internal static class ImapServerIdentity
{
    /// <summary>The server's name.</summary>
    public const string Name = "Wren";

    /// <summary>The version of this build (the informational version without its source revision).</summary>
    public static string Version { get; } = ReadVersion();

    private static string ReadVersion()
    {
        string? version = typeof(ImapServerIdentity).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (string.IsNullOrEmpty(version))
            return "0";
        int plus = version.IndexOf('+');
        return plus < 0 ? version : version[..plus];
    }
}
