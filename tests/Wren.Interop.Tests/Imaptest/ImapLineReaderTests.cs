using System.Text;

namespace Wren.Interop.Tests.Imaptest;

public sealed class ImapLineReaderTests
{
    /// <summary>A stream that hands out one byte per read, so every boundary falls inside a line or literal.</summary>
    private sealed class TrickleStream(byte[] data) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(1, buffer.Length)], cancellationToken);
    }

    [Fact]
    public async Task Lines_with_literals_are_read_whole_across_any_split()
    {
        byte[] wire = Encoding.Latin1.GetBytes("* 1 FETCH (BODY[] {5}\r\na\r\nb\0 UID 3)\r\n1.2 OK done\r\n+ go\r\n");
        var reader = new ImapLineReader(new TrickleStream(wire));
        var fetch = ImapResponse.Parse((await reader.ReadLineAsync(CancellationToken.None))!);
        Assert.Equal(ImapResponseKind.Untagged, fetch.Kind);
        var items = fetch.Args[2].Items;
        Assert.Equal(ImapArgKind.Literal, items[1].Kind);
        Assert.Equal("a\r\nb\0", items[1].Text);
        Assert.Equal("3", items[3].Text);
        var ok = ImapResponse.Parse((await reader.ReadLineAsync(CancellationToken.None))!);
        Assert.Equal((ImapResponseKind.Tagged, "1.2"), (ok.Kind, ok.Tag));
        Assert.Equal(ImapResponseKind.Continuation, ImapResponse.Parse((await reader.ReadLineAsync(CancellationToken.None))!).Kind);
        Assert.Null(await reader.ReadLineAsync(CancellationToken.None));
    }

    [Fact]
    public void Server_text_parses_leniently_and_the_same_way_as_patterns()
    {
        var args = ImapArgParser.Parse("OK [PERMANENTFLAGS (\\Seen \\*)] Fetch completed (0.001 + 0.000 secs). \"unterminated");
        Assert.Equal("[PERMANENTFLAGS", args[1].Text);
        Assert.Equal(ImapArgKind.List, args[2].Kind);
        Assert.Equal("]", args[3].Text);
        Assert.Equal(ImapArgKind.Atom, args[^1].Kind);
        Assert.Equal(
            ImapArg.Format(ImapArgParser.Parse("1 fetch (body[header.fields (subject)] {3}\r\nabc)")),
            ImapArg.Format(ImapArgParser.Parse("1 FETCH (BODY[HEADER.FIELDS (SUBJECT)] {3}\r\nabc)")).ToLowerInvariant());
    }
}
