using Wren.Testing;

namespace Wren.Interop.Tests.Imaptest;

/// <summary>The scripts of Dovecot's imaptest in <c>../shared/testdata/imaptest-scripts</c>.</summary>
public static class ImaptestSuite
{
    /// <summary>The folder holding the scripts.</summary>
    public static string DefaultFolder => TestData.Path("imaptest-scripts");

    /// <summary>
    /// The script names in <paramref name="folder"/> (default: <see cref="DefaultFolder"/>), sorted as imaptest runs them:
    /// every file except <c>*.mbox</c>, dot files, sub-folders (<c>broken/</c>) and the licence and source notes.
    /// </summary>
    public static IReadOnlyList<string> ScriptNames(string? folder = null) =>
        Directory.EnumerateFiles(folder ?? DefaultFolder)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(n => !n.StartsWith('.') && !n.EndsWith(".mbox", StringComparison.Ordinal) && !n.StartsWith("COPYING", StringComparison.Ordinal) && !n.EndsWith(".md", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>Parses the script <paramref name="name"/>.</summary>
    public static ImaptestScript Load(string name, string? folder = null) => ScriptParser.Load(Path.Combine(folder ?? DefaultFolder, name));

    /// <summary>The script names as xunit <c>MemberData</c> rows.</summary>
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (string name in ScriptNames())
            data.Add(name);
        return data;
    }
}
