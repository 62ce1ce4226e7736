using System.Text;
using Wren.Imap.Protocol;

namespace Wren.Imap.Tests.Protocol;

/// <summary>
/// Random and mutated commands: the parser throws nothing but <see cref="ImapParseException"/>, and the
/// reader never throws, never hangs and always reaches the end of the input. Seeded, bounded counts.
/// </summary>
public class ParserPropertyTests
{
    private static readonly string[] Valid =
    [
        "a1 CAPABILITY", "a2 LOGIN alice \"se\\\"cret\"", "a3 LOGIN {5}\r\nalice {3+}\r\npwd",
        "a4 AUTHENTICATE PLAIN AGFsaWNlAHNlY3JldA==", "a5 ENABLE CONDSTORE UTF8=ACCEPT",
        "a6 SELECT INBOX (QRESYNC (67890007 20050715194045000 41,43:211 (1,5 3,20)))", "a7 EXAMINE \"~peter/&U,BTFw-\"",
        "a8 CREATE Sent (USE (\\Sent))", "a9 RENAME a b", "b1 LIST (SUBSCRIBED RECURSIVEMATCH) \"\" (INBOX* %) RETURN (CHILDREN STATUS (MESSAGES SIZE))",
        "b2 LSUB \"\" *", "b3 STATUS INBOX (MESSAGES UIDNEXT HIGHESTMODSEQ MAILBOXID)",
        "b4 APPEND INBOX (\\Seen) \"17-Jul-1996 02:44:25 -0700\" {5+}\r\nhello",
        "b5 UID FETCH 1:*,5:2 (FLAGS BODY.PEEK[1.2.HEADER.FIELDS.NOT (Received)]<0.10> BINARY[1]<5.5> BINARY.SIZE[2]) (CHANGEDSINCE 1 VANISHED)",
        "b6 FETCH $ FULL", "b7 STORE 1:* (UNCHANGEDSINCE 3) +FLAGS.SILENT (\\Deleted $Junk)", "b8 UID MOVE 1:3 Trash",
        "b9 SEARCH RETURN (MIN COUNT SAVE) CHARSET UTF-8 OR (FROM x SINCE 1-Feb-1994) NOT HEADER X-A {2}\r\nyz UID 1:* MODSEQ 5 OLDER 10",
        "c1 UID SORT RETURN (ALL) (REVERSE DATE SUBJECT) UTF-8 ALL", "c2 THREAD REFERENCES UTF-8 (SEEN)", "c3 ID (\"name\" NIL)",
        "c4 SETQUOTA \"\" (STORAGE 10)", "c5 GETQUOTAROOT INBOX", "c6 COMPRESS DEFLATE", "c7 UID EXPUNGE 1:5", "c8 IDLE",
        "c9 APPEND INBOX UTF8 (~{3+}\r\nabc)",
    ];

    private static readonly byte[] Interesting = Encoding.ASCII.GetBytes("(){}[]<>\"\\*%$+~ \r\n0123456789:,.-aZ\0");

    private static byte[] Mutate(Random random, byte[] input)
    {
        var bytes = new List<byte>(input);
        int edits = random.Next(1, 4);
        for (int e = 0; e < edits; e++)
        {
            int at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            byte b = random.Next(4) == 0 ? (byte)random.Next(256) : Interesting[random.Next(Interesting.Length)];
            switch (random.Next(6))
            {
                case 0 when bytes.Count > 0: bytes.RemoveAt(at); break;
                case 1: bytes.Insert(at, b); break;
                case 2 when bytes.Count > 0: bytes[at] = b; break;
                case 3 when bytes.Count > 0: bytes.RemoveRange(at, bytes.Count - at); break;
                case 4 when bytes.Count > 0:
                    int length = random.Next(1, Math.Min(12, bytes.Count - at) + 1);
                    bytes.InsertRange(at, bytes.GetRange(at, length));
                    break;
                default:
                    // Change a literal size, the most sensitive spot.
                    int brace = bytes.IndexOf((byte)'{');
                    if (brace >= 0 && brace + 1 < bytes.Count)
                        bytes.Insert(brace + 1, (byte)('0' + random.Next(10)));
                    break;
            }
        }
        return [.. bytes];
    }

    private static byte[] RandomCommand(Random random)
    {
        int length = random.Next(0, 60);
        var bytes = new byte[length];
        for (int i = 0; i < length; i++)
            bytes[i] = random.Next(3) == 0 ? (byte)random.Next(0x20, 0x7F) : Interesting[random.Next(Interesting.Length)];
        return bytes;
    }

    private static IEnumerable<byte[]> Cases(int seed, int count)
    {
        var random = new Random(seed);
        byte[][] valid = [.. Valid.Select(v => Encoding.UTF8.GetBytes(v))];
        for (int i = 0; i < count; i++)
        {
            yield return i % 5 == 0 ? RandomCommand(random) : Mutate(random, valid[random.Next(valid.Length)]);
        }
    }

    [Fact]
    public void Valid_seeds_parse()
    {
        foreach (string line in Valid)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(line + "\r\n");
            if (line.Contains("APPEND", StringComparison.Ordinal))
                continue;
            Assert.IsNotType<UnknownCommand>(ImapCommandParser.Parse(bytes));
        }
    }

    [Fact]
    public void Parser_throws_only_its_parse_error()
    {
        int parsed = 0;
        int refused = 0;
        foreach (byte[] mutated in Cases(seed: 7162, count: 20_000))
        {
            byte[] command = [.. mutated, (byte)'\r', (byte)'\n'];
            try
            {
                ImapCommandParser.Parse(command);
                parsed++;
            }
            catch (ImapParseException)
            {
                refused++;
            }
            catch (Exception ex)
            {
                Assert.Fail($"{ex.GetType().Name} for {Convert.ToHexString(command)}: {ex}");
            }
        }
        Assert.True(parsed > 100 && refused > 100, $"parsed {parsed}, refused {refused}");
    }

    [Fact]
    public async Task Reader_never_throws_never_hangs_and_reaches_the_end()
    {
        var limits = new ImapLimits { MaxLineLength = 200, MaxLiteralSize = 300, MaxCommandSize = 1000, MaxAppendSize = 500 };
        var random = new Random(4978);
        List<byte[]> cases = [.. Cases(seed: 2177, count: 4000)];
        for (int round = 0; round < cases.Count / 20; round++)
        {
            var input = new List<byte>();
            foreach (byte[] command in cases.Skip(round * 20).Take(20))
                input.AddRange([.. command, (byte)'\r', (byte)'\n']);
            input.AddRange("zz NOOP\r\n"u8.ToArray());
            byte[] bytes = [.. input];
            var chunks = new List<int>();
            for (int left = bytes.Length; left > 0;)
            {
                int size = Math.Min(left, random.Next(1, 50));
                chunks.Add(size);
                left -= size;
            }
            var pipe = new ChunkedPipeReader(bytes, chunks);
            Task<int> run = Task.Run(() => DrainAsync(pipe, limits));
            int commands = await run.WaitAsync(TimeSpan.FromSeconds(20));
            Assert.True(commands > 0, $"round {round} read nothing from {Convert.ToHexString(bytes)}");
        }
    }

    // Reads to the end as a session would; an APPEND cut short by the end of input is the only exception allowed.
    private static async Task<int> DrainAsync(ChunkedPipeReader input, ImapLimits limits)
    {
        var reader = new ImapCommandReader(input, new TestHost(), limits);
        int results = 0;
        while (true)
        {
            ImapReadResult result = await reader.ReadCommandAsync();
            if (result.IsEndOfInput)
                return results;
            results++;
            if (result.Command is AppendCommand append)
            {
                if (append.Message.Length % 2 == 0)
                {
                    await reader.RejectAppendMessageAsync();
                    continue;
                }
                Stream message = await reader.OpenAppendMessageAsync();
                try
                {
                    await message.CopyToAsync(Stream.Null);
                }
                catch (IOException)
                {
                    return results;
                }
                await reader.CompleteAppendAsync();
            }
        }
    }
}
