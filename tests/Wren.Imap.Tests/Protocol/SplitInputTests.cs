using System.Text;
using Wren.Imap.Protocol;
using static Wren.Imap.Tests.Protocol.Wire;

namespace Wren.Imap.Tests.Protocol;

/// <summary>The same bytes give the same commands however the network splits them.</summary>
public class SplitInputTests
{
    private static readonly byte[] Input = BuildInput();

    private static byte[] BuildInput()
    {
        var sb = new StringBuilder();
        sb.Append("a1 LOGIN {5}\r\nalice {6+}\r\nsecret\r\n");
        sb.Append("a2 SELECT \"INBOX\" (CONDSTORE)\r\n");
        sb.Append("a3 APPEND Drafts (\\Draft) \"01-Jan-2024 10:00:00 +0100\" {25}\r\nSubject: x\r\n\r\n{3}\r\nbody\r\n\r\n");
        sb.Append("a4 UID FETCH 1:* (FLAGS BODY.PEEK[HEADER.FIELDS (Subject {4+}\r\nFrom)]<0.100>) (CHANGEDSINCE 5 VANISHED)\r\n");
        sb.Append("a5 SEARCH CHARSET UTF-8 OR SUBJECT {6}\r\nGrüß FROM \"a\\\"b\" NOT SEEN\r\n");
        sb.Append("a6 APPEND INBOX ~{5+}\r\nab\ncd\r\n");
        sb.Append("a7 FETCH 1 FOO\r\n");
        sb.Append("a8 APPEND INBOX UTF8 (~{2}\r\nhi)\r\n");
        sb.Append("a9 NOOP\r\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static async Task<string> BaselineAsync() => Dump.Of(await ReadAllAsync(Input, [Input.Length]));

    [Fact]
    public async Task Baseline_reads_every_command()
    {
        ReadOutcome outcome = await ReadAllAsync(Input, [Input.Length]);
        Assert.Equal(["a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9"], outcome.Results.Select(r => r.Command?.Tag ?? r.Error!.Tag));
        Assert.Equal(3, outcome.Messages.Count);
        Assert.Equal("Subject: x\r\n\r\n{3}\r\nbody\r\n", Encoding.UTF8.GetString(outcome.Messages[0]));
        Assert.Equal(ImapErrorKind.Syntax, outcome.Error(6).Kind);
        var fetch = Assert.IsType<FetchCommand>(outcome.Command(3));
        Assert.Equal("HEADER.FIELDS (Subject From)", ((BodySectionItem)fetch.Items[1]).Section.ToString());
    }

    [Fact]
    public async Task Every_split_into_two_reads_gives_the_same_commands()
    {
        string baseline = await BaselineAsync();
        for (int i = 1; i < Input.Length; i++)
            Assert.Equal(baseline, Dump.Of(await ReadAllAsync(Input, [i, Input.Length - i])));
    }

    [Fact]
    public async Task Byte_by_byte_gives_the_same_commands()
    {
        string baseline = await BaselineAsync();
        var host = new TestHost();
        var reader = new ChunkedPipeReader(Input, Enumerable.Repeat(1, Input.Length));
        Assert.Equal(baseline, Dump.Of(await ReadAllAsync(reader, host: host)));
        // The reader flushes replies exactly when it has to wait for input.
        Assert.Equal(reader.Waits, host.Flushes);
    }

    [Fact]
    public async Task Random_chunks_give_the_same_commands()
    {
        string baseline = await BaselineAsync();
        var random = new Random(9051);
        for (int round = 0; round < 300; round++)
        {
            var chunks = new List<int>();
            int left = Input.Length;
            while (left > 0)
            {
                int size = Math.Min(left, random.Next(1, 40));
                chunks.Add(size);
                left -= size;
            }
            Assert.Equal(baseline, Dump.Of(await ReadAllAsync(Input, chunks)));
        }
    }

    [Fact]
    public async Task A_real_pipe_written_concurrently_gives_the_same_commands()
    {
        string baseline = await BaselineAsync();
        for (int seed = 0; seed < 30; seed++)
            Assert.Equal(baseline, Dump.Of(await ReadAllFromPipeAsync(Input, seed)));
    }

    [Fact]
    public async Task Refused_literals_resynchronize_at_every_split()
    {
        var limits = new ImapLimits { MaxLineLength = 64, MaxLiteralSize = 10 };
        byte[] input = Bytes(
            "b1 LOGIN {50}\r\n" +
            "b2 LOGIN {20+}\r\n01234567890123456789 {3+}\r\nabc\r\n" +
            "b3 SEARCH SUBJECT " + new string('q', 100) + " {5+}\r\nvwxyz\r\n" +
            "b4 NOOP\r\n");
        string baseline = Dump.Of(await ReadAllAsync(input, [input.Length], limits));
        Assert.Equal(4, baseline.Split('\n').Count(l => l.Length > 0));
        Assert.Contains("NoopCommand", baseline);
        for (int i = 1; i < input.Length; i++)
            Assert.Equal(baseline, Dump.Of(await ReadAllAsync(input, [i, input.Length - i], limits)));
        Assert.Equal(baseline, Dump.Of(await ReadAllAsync(input, Enumerable.Repeat(1, input.Length), limits)));
    }
}
