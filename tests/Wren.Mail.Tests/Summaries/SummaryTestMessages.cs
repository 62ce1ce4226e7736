using System.Text;
using Wren.Mail.Summaries;

namespace Wren.Mail.Tests.Summaries;

/// <summary>Builds test messages from lines (joined by CRLF) and summarizes them.</summary>
internal static class SummaryTestMessages
{
    public static byte[] Bytes(params string[] lines) => Encoding.UTF8.GetBytes(string.Join("\r\n", lines));

    public static MessageSummary Summarize(byte[] message) =>
        MessageSummary.Parse(MessageSummary.Build(new MemoryStream(message)).ToBytes());

    public static string Section(MessageSummary summary, byte[] message, string section)
    {
        Assert.True(SectionSpec.TryParse(section, out SectionSpec spec), section);
        Assert.True(MessageSection.TryResolve(summary, spec, out ResolvedSection resolved), section);
        using Stream stream = resolved.OpenRead(new MemoryStream(message));
        var output = new MemoryStream();
        stream.CopyTo(output);
        return Encoding.UTF8.GetString(output.ToArray());
    }
}
