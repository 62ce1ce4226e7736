using Wren.Imap.Server;

namespace Wren.Imap.Tests.Server;

/// <summary>
/// Random and mutated commands against a live session with a selected mailbox: every command gets a tagged
/// answer, none of them is a fault (<c>[SERVERBUG]</c>), and the session still works afterwards. Seeded, so a
/// failure replays; bounded in count.
/// </summary>
public sealed class ImapSessionFuzzTests(ImapStoreFixture fixture) : IClassFixture<ImapStoreFixture>
{
    private static readonly string[] Commands =
    [
        "FETCH 1:* (FLAGS UID)", "FETCH 1 (BODY.PEEK[1.2.MIME] BINARY.PEEK[1]<0.10>)", "UID FETCH 1:* (ENVELOPE BODYSTRUCTURE)",
        "FETCH 2 BODY[HEADER.FIELDS (SUBJECT FROM)]", "FETCH 1:2 (MODSEQ) (CHANGEDSINCE 1)", "UID FETCH 1:* FLAGS (CHANGEDSINCE 1 VANISHED)",
        "STORE 1 +FLAGS (\\Seen $Label)", "UID STORE 1:* -FLAGS.SILENT (\\Flagged)", "STORE 1 (UNCHANGEDSINCE 1) FLAGS (\\Answered)",
        "SEARCH OR FROM bob SUBJECT hello", "UID SEARCH RETURN (MIN MAX COUNT SAVE) BODY hello", "SEARCH CHARSET UTF-8 TEXT \"é\"",
        "SEARCH NOT (SEEN LARGER 10) SINCE 1-Jan-2020", "FETCH $ (UID)", "SORT (REVERSE DATE SUBJECT) UTF-8 ALL",
        "THREAD REFERENCES UTF-8 ALL", "THREAD ORDEREDSUBJECT UTF-8 SUBJECT x", "COPY 1 Elsewhere", "UID COPY 1:* INBOX",
        "MOVE 9 INBOX", "LIST \"\" *", "LIST (SUBSCRIBED RECURSIVEMATCH) \"\" % RETURN (CHILDREN STATUS (MESSAGES))",
        "STATUS INBOX (MESSAGES UIDNEXT SIZE HIGHESTMODSEQ MAILBOXID)", "CREATE fuzz/a", "RENAME fuzz/a fuzz/b", "DELETE fuzz/b",
        "SUBSCRIBE fuzz", "LSUB \"\" *", "GETQUOTAROOT INBOX", "GETQUOTA \"\"", "NOOP", "CHECK", "EXPUNGE", "UID EXPUNGE 1:*",
        "ENABLE QRESYNC", "NAMESPACE", "ID NIL", "CAPABILITY",
    ];

    [Fact]
    public async Task Random_and_mutated_commands_never_fault_the_session()
    {
        var box = await ImapMailboxData.NewMailboxAsync(fixture, "fuzz");
        for (int i = 0; i < 4; i++)
            await ImapMailboxData.AppendAsync(fixture, box.Name, ImapMailboxData.Message($"message {i}", "hello body\r\n"));
        // Many of the mutations are BAD: the too-many-errors limit is lifted for this test.
        await using var server = new ImapTestServer(fixture, new ImapServerOptions { MaxErrors = int.MaxValue });
        await using var c = await server.LoginAsync();
        await c.CommandAsync("s", $"SELECT {box.Name}");

        var random = new Random(20261203);
        const string noise = " ()[]<>{}\"\\*%$:.,0123456789+-~\r";
        for (int i = 0; i < 600; i++)
        {
            string command = Commands[random.Next(Commands.Length)];
            if (random.Next(3) == 0)
            {
                // Mutate: replace, insert or drop a character (never a line break: one command per line).
                char[] chars = command.ToCharArray();
                int at = random.Next(chars.Length);
                command = random.Next(3) switch
                {
                    0 => command[..at] + noise[random.Next(noise.Length - 1)] + command[(at + 1)..],
                    1 => command[..at] + noise[random.Next(noise.Length - 1)] + command[at..],
                    _ => command[..at] + command[(at + 1)..],
                };
            }
            string tag = "t" + i;
            List<string> lines = await c.CommandAsync(tag, command);
            Assert.DoesNotContain(lines, l => l.Contains("SERVERBUG"));
            Assert.Matches($"^{tag} (OK|NO|BAD)", lines[^1]);
            if (i % 100 == 99)
                await c.CommandAsync("r" + i, $"SELECT {box.Name}");
        }
        Assert.Equal("z OK NOOP completed", (await c.CommandAsync("z", "NOOP"))[^1]);
    }
}
