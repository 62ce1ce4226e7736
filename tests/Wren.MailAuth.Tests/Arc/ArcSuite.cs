using System.Text;
using MimeKit;
using Wren.Testing;
using Wren.Testing.Dns;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Wren.MailAuth.Tests.Arc;

/// <summary>One case of the ValiMail ARC suites (testdata/arc, README-schema.md).</summary>
/// <param name="Suite">The scenario's description.</param>
/// <param name="Name">The test's key.</param>
/// <param name="Fields">The test's scalar fields (message, cv, t, srv-id, sig-headers, AS, AMS, AAR …).</param>
/// <param name="Scenario">The scenario's shared scalar fields (domain, sel, privatekey).</param>
/// <param name="TxtRecords">DNS name → TXT value for the scenario.</param>
public sealed record ArcSuiteCase(string Suite, string Name, IReadOnlyDictionary<string, string> Fields,
    IReadOnlyDictionary<string, string> Scenario, IReadOnlyDictionary<string, string> TxtRecords)
{
    /// <summary>"suite / test", the theory's display argument.</summary>
    public string Id => $"{Suite} / {Name}";

    /// <summary>The message with CRLF line ends (the suite stores LF).</summary>
    public MimeMessage Message() => ArcSuite.Parse(Fields["message"]);

    /// <summary>A resolver serving the scenario's TXT records, split into 255-byte strings.</summary>
    public FakeDnsResolver Dns()
    {
        var dns = new FakeDnsResolver();
        foreach ((string name, string value) in TxtRecords)
            dns.AddTxt(name, ArcSuite.Chunk(value.Replace("\n", "", StringComparison.Ordinal)));
        return dns;
    }
}

/// <summary>Reads the suites once; theories name their cases "suite / test".</summary>
public static class ArcSuite
{
    private static readonly Lazy<IReadOnlyDictionary<string, ArcSuiteCase>> Validation = new(() => Load("arc/arc-draft-validation-tests.yml"));
    private static readonly Lazy<IReadOnlyDictionary<string, ArcSuiteCase>> Signing = new(() => Load("arc/arc-draft-sign-tests.yml"));

    /// <summary>Every validation case.</summary>
    public static IReadOnlyDictionary<string, ArcSuiteCase> ValidationCases => Validation.Value;

    /// <summary>Every signing case.</summary>
    public static IReadOnlyDictionary<string, ArcSuiteCase> SigningCases => Signing.Value;

    /// <summary>Parses LF text as a message with CRLF line ends.</summary>
    public static MimeMessage Parse(string text)
    {
        // cv_empty: MimeKit refuses to parse zero bytes; an empty message is one with no header fields at all.
        if (text.Length == 0)
            return new MimeMessage((IEnumerable<Header>)[]);
        string crlf = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal);
        return MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(crlf)));
    }

    /// <summary>Splits a TXT value into character-strings of at most 255 bytes (RFC 1035 §3.3.14).</summary>
    public static string[] Chunk(string value)
    {
        var chunks = new List<string>();
        for (int i = 0; i < value.Length; i += 255)
            chunks.Add(value.Substring(i, Math.Min(255, value.Length - i)));
        return chunks.Count == 0 ? [""] : [.. chunks];
    }

    private static IReadOnlyDictionary<string, ArcSuiteCase> Load(string relativePath)
    {
        var parser = new Parser(new StringReader(BlankEmptyBlockScalars(File.ReadAllText(TestData.Path(relativePath)))));
        var cases = new Dictionary<string, ArcSuiteCase>(StringComparer.Ordinal);
        parser.Consume<StreamStart>();
        while (parser.TryConsume<DocumentStart>(out _))
        {
            var root = (Dictionary<string, object>)ReadNode(parser);
            parser.Consume<DocumentEnd>();
            string suite = ((string)root["description"]).Trim();
            var scenario = root.Where(kv => kv.Value is string).ToDictionary(kv => kv.Key, kv => (string)kv.Value);
            var txt = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (string key in new[] { "txt-records", "txt_records" })
                if (root.TryGetValue(key, out object? records))
                    foreach (var (name, value) in (Dictionary<string, object>)records)
                        txt[name] = (string)value;
            foreach (var (name, test) in (Dictionary<string, object>)root["tests"])
            {
                var fields = ((Dictionary<string, object>)test).ToDictionary(kv => kv.Key, kv => (string)kv.Value);
                var c = new ArcSuiteCase(suite, name, fields, scenario, txt);
                cases.Add(c.Id, c);
            }
        }
        return cases;
    }

    // A tree of mappings and scalars read from parser events. The suite repeats a test key
    // (as_fields_b_head_case); as PyYAML does, the last one wins, where YamlDotNet's models refuse it.
    private static object ReadNode(IParser parser)
    {
        if (parser.TryConsume<Scalar>(out Scalar? scalar))
            return scalar.Value;
        parser.Consume<MappingStart>();
        var map = new Dictionary<string, object>(StringComparer.Ordinal);
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            string key = parser.Consume<Scalar>().Value;
            map[key] = ReadNode(parser);
        }
        return map;
    }

    // The suite has empty block scalars ("AS: |" followed by a line of spaces) that PyYAML reads as "" and
    // YamlDotNet refuses ("extra spaces in first line"): blank such a first line.
    private static string BlankEmptyBlockScalars(string yaml)
    {
        string[] lines = yaml.Split('\n');
        for (int i = 1; i < lines.Length; i++)
        {
            string previous = lines[i - 1].TrimEnd();
            if ((previous.EndsWith('|') || previous.EndsWith('>')) && lines[i].Trim().Length == 0)
                lines[i] = "";
        }
        return string.Join('\n', lines);
    }

}
