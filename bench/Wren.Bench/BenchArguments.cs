using System.Globalization;

namespace Wren.Bench;

/// <summary>
/// The command-line conventions every <c>Wren.Bench</c> command shares: <c>--name value</c> or <c>--name=value</c>,
/// bare flags, positive whole numbers and <c>HOST:PORT</c> endpoints.
/// </summary>
internal static class BenchArguments
{
    /// <summary>
    /// Splits <paramref name="args"/> into options in order: a flag's value is null. Returns null, with the reason in
    /// <paramref name="error"/>, for an unknown option or a value option without a value.
    /// </summary>
    public static List<(string Name, string? Value)>? Read(IReadOnlyList<string> args, IReadOnlySet<string> flags,
        IReadOnlySet<string> valueOptions, out string? error)
    {
        var options = new List<(string, string?)>();
        error = null;
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            string? inlineValue = null;
            int eq = name.IndexOf('=', StringComparison.Ordinal);
            if (name.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                inlineValue = name[(eq + 1)..];
                name = name[..eq];
            }
            if (flags.Contains(name) && inlineValue is null)
            {
                options.Add((name, null));
                continue;
            }
            if (!valueOptions.Contains(name))
            {
                error = $"unknown option '{name}'";
                return null;
            }
            string? value = inlineValue ?? (i + 1 < args.Count ? args[++i] : null);
            if (value is null)
            {
                error = $"{name} needs a value";
                return null;
            }
            options.Add((name, value));
        }
        return options;
    }

    /// <summary>Parses a positive whole number, or says what is wrong with it.</summary>
    public static bool TryParsePositive(string name, string value, out int result, out string? error)
    {
        error = null;
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out result) && result > 0)
            return true;
        error = $"{name}: '{value}' is not a positive whole number";
        return false;
    }

    /// <summary>
    /// Parses <c>HOST:PORT</c>, an IPv6 host in brackets (<c>[::1]:2525</c>); with <paramref name="requireAddress"/>
    /// the host must be an IP address.
    /// </summary>
    public static bool TryParseEndpoint(string text, bool requireAddress, out string host, out int port)
    {
        host = "";
        port = 0;
        int colon = text.LastIndexOf(':');
        if (colon <= 0)
            return false;
        host = text[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
            host = host[1..^1];
        return (requireAddress ? System.Net.IPAddress.TryParse(host, out _) : host.Length > 0)
            && int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port)
            && port is > 0 and <= 65535;
    }
}
