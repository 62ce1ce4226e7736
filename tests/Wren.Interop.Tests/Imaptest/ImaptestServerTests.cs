using Xunit.Abstractions;

namespace Wren.Interop.Tests.Imaptest;

/// <summary>
/// Every imaptest script against the server named by <c>WREN_IMAPTEST_SERVER</c> (opt-in): a script passes, or is
/// skipped for a capability the server does not advertise (reported in the output), or fails with its first mismatch.
/// </summary>
public sealed class ImaptestServerTests(ITestOutputHelper output)
{
    private static readonly Lazy<ImaptestRunner?> Runner = new(() =>
    {
        var options = ImaptestOptions.FromConnectionString(Environment.GetEnvironmentVariable(ImaptestServerTheoryAttribute.Variable));
        if (options is null)
            return null;
        string? tls = Environment.GetEnvironmentVariable("WREN_IMAPTEST_TLS");
        options = options with { Tls = tls is null ? ImapTlsMode.None : Enum.Parse<ImapTlsMode>(tls, ignoreCase: true) };
        return new ImaptestRunner(options);
    });

    [ImaptestServerTheory]
    [MemberData(nameof(ImaptestSuite.Names), MemberType = typeof(ImaptestSuite))]
    public async Task Script_passes_or_is_skipped_for_a_missing_capability(string name)
    {
        var runner = Runner.Value!;
        var script = ImaptestSuite.Load(name);
        string? transcriptFolder = Environment.GetEnvironmentVariable("WREN_IMAPTEST_TRANSCRIPTS");
        var transcript = transcriptFolder is null ? null : new TranscriptRecorder();
        var result = await runner.RunAsync(script, transcript);
        if (transcript is not null)
        {
            Directory.CreateDirectory(transcriptFolder!);
            await File.WriteAllBytesAsync(Path.Combine(transcriptFolder!, name + ".transcript"), transcript.ToBytes());
        }
        output.WriteLine(result.ToString());
        Assert.True(result.Outcome != ScriptOutcome.Failed, result.ToString());
    }
}
