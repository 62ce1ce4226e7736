using System.Net;
using Wren.MailAuth.Spf;
using Wren.Testing;
using YamlDotNet.RepresentationModel;

namespace Wren.MailAuth.Tests.Spf;

/// <summary>One test of the openspf suite: an SPF check and the results it may give.</summary>
/// <param name="Id">"scenario / test", the name the theory shows.</param>
/// <param name="Helo">The HELO name.</param>
/// <param name="Host">The client address.</param>
/// <param name="MailFrom">The MAIL FROM address ("" for a null reverse-path: the HELO identity is checked).</param>
/// <param name="Results">The acceptable results.</param>
/// <param name="Explanation">The expected explanation; "DEFAULT" means none from exp= (the driver's default).</param>
/// <param name="Zone">The scenario's DNS data.</param>
internal sealed record SpfSuiteCase(
    string Id, string Helo, IPAddress Host, string MailFrom, IReadOnlyList<SpfVerdict> Results, string? Explanation,
    IReadOnlyList<SpfZoneEntry> Zone)
{
    /// <summary>A fresh resolver serving <see cref="Zone"/>.</summary>
    public InMemoryDnsResolver CreateResolver()
    {
        var resolver = new InMemoryDnsResolver();
        // The suite's convention (header of rfc7208-tests.yml): its data still says "SPF" for most records, and a
        // driver serves a name's SPF-type records as TXT when the name has no TXT entry at all ("TXT: NONE" counts
        // as one). Only the "Selecting records" scenario tells the two types apart, through such entries.
        var hasTxt = new HashSet<string>(Zone.Where(e => e.Type == "TXT").Select(e => e.Name), StringComparer.OrdinalIgnoreCase);
        foreach (SpfZoneEntry entry in Zone)
        {
            resolver.AddName(entry.Name);
            switch (entry.Type)
            {
                case "TIMEOUT":
                    resolver.AddTimeout(entry.Name);
                    break;
                case "A":
                    resolver.AddA(entry.Name, entry.Values[0]);
                    break;
                case "AAAA":
                    resolver.AddAaaa(entry.Name, entry.Values[0]);
                    break;
                case "MX":
                    resolver.AddMx(entry.Name, int.Parse(entry.Values[0], System.Globalization.CultureInfo.InvariantCulture), entry.Values[1]);
                    break;
                case "PTR":
                    resolver.AddPtrAt(entry.Name, entry.Values[0]);
                    break;
                case "CNAME":
                    resolver.AddCname(entry.Name, entry.Values[0]);
                    break;
                case "TXT" or "SPF":
                    if (entry.Values is ["NONE"])
                        break;
                    string text = string.Concat(entry.Values);
                    resolver.Add(entry.Name, entry.Type, text);
                    if (entry.Type == "SPF" && !hasTxt.Contains(entry.Name))
                        resolver.AddTxt(entry.Name, text);
                    break;
                default:
                    throw new InvalidDataException($"record type {entry.Type} at {entry.Name}");
            }
        }
        return resolver;
    }

    /// <inheritdoc />
    public override string ToString() => Id;
}

/// <summary>One zonedata entry: a name, a type and its values (a TXT record's strings, an MX's preference and host).</summary>
internal sealed record SpfZoneEntry(string Name, string Type, IReadOnlyList<string> Values);

/// <summary>Reads the openspf YAML suites (several YAML documents, one scenario each) from the shared test data.</summary>
internal static class SpfSuite
{
    private static readonly Dictionary<string, IReadOnlyDictionary<string, SpfSuiteCase>> Cache = [];

    /// <summary>The cases of <paramref name="file"/> (under spf/), by "scenario / test".</summary>
    public static IReadOnlyDictionary<string, SpfSuiteCase> Load(string file)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(file, out var cases))
                Cache[file] = cases = Read(TestData.Path("spf/" + file));
            return cases;
        }
    }

    private static Dictionary<string, SpfSuiteCase> Read(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path))
            stream.Load(reader);
        var cases = new Dictionary<string, SpfSuiteCase>(StringComparer.Ordinal);
        foreach (YamlDocument document in stream.Documents)
        {
            var root = (YamlMappingNode)document.RootNode;
            string scenario = Scalar(root, "description") ?? "?";
            var zone = new List<SpfZoneEntry>();
            if (root.Children.TryGetValue(new YamlScalarNode("zonedata"), out YamlNode? zoneNode) && zoneNode is YamlMappingNode zoneData)
            {
                foreach (var (name, records) in zoneData.Children)
                {
                    foreach (YamlNode record in (YamlSequenceNode)records)
                        zone.Add(Entry(((YamlScalarNode)name).Value!, record));
                }
            }
            foreach (var (name, node) in (YamlMappingNode)root.Children[new YamlScalarNode("tests")])
            {
                var test = (YamlMappingNode)node;
                string id = scenario + " / " + ((YamlScalarNode)name).Value;
                YamlNode result = test.Children[new YamlScalarNode("result")];
                IReadOnlyList<SpfVerdict> results = result is YamlSequenceNode list
                    ? list.Children.Select(r => Verdict(((YamlScalarNode)r).Value!)).ToList()
                    : [Verdict(((YamlScalarNode)result).Value!)];
                cases.Add(id, new SpfSuiteCase(id, Scalar(test, "helo") ?? "", IPAddress.Parse(Scalar(test, "host")!),
                    Scalar(test, "mailfrom") ?? "", results, Scalar(test, "explanation"), zone));
            }
        }
        return cases;
    }

    private static SpfZoneEntry Entry(string name, YamlNode record)
    {
        if (record is YamlScalarNode { Value: "TIMEOUT" })
            return new SpfZoneEntry(name, "TIMEOUT", []);
        var (type, value) = ((YamlMappingNode)record).Children.Single();
        string[] values = value switch
        {
            YamlSequenceNode sequence => sequence.Children.Select(v => ((YamlScalarNode)v).Value ?? "").ToArray(),
            YamlScalarNode scalar => [scalar.Value ?? ""],
            _ => throw new InvalidDataException($"zonedata {name}"),
        };
        return new SpfZoneEntry(name, ((YamlScalarNode)type).Value!, values);
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out YamlNode? value) ? ((YamlScalarNode)value).Value : null;

    private static SpfVerdict Verdict(string text) => text.ToLowerInvariant() switch
    {
        "pass" => SpfVerdict.Pass,
        "fail" => SpfVerdict.Fail,
        "softfail" => SpfVerdict.SoftFail,
        "neutral" => SpfVerdict.Neutral,
        "none" => SpfVerdict.None,
        "temperror" => SpfVerdict.TempError,
        "permerror" => SpfVerdict.PermError,
        _ => throw new InvalidDataException("result " + text),
    };
}
