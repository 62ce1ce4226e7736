using Wren.Imap.Server.Search;

namespace Wren.Imap.Tests.Server;

/// <summary>The RFC 5256 §2.2 threading algorithms and the THREAD response's nesting, on message data directly.</summary>
public sealed class ImapThreadAlgorithmTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private static ThreadMessage M(long id, string? messageId, string subject = "topic", params string[] references) =>
        M(id, (int)id, messageId, subject, references);

    private static ThreadMessage M(long id, int minutes, string? messageId, string subject, params string[] references)
    {
        string baseSubject = BaseSubject.Extract(subject, out bool reply);
        return new ThreadMessage(id, (int)id, T0.AddMinutes(minutes), baseSubject, reply, messageId, references);
    }

    private static string References(params ThreadMessage[] messages) => MessageThreader.Format(MessageThreader.References(messages));

    [Fact]
    public void Replies_nest_under_what_they_reference()
    {
        Assert.Equal("(1 (2 3)(4))", References(
            M(1, "a"), M(2, "b", "Re: topic", "a"), M(3, "c", "Re: topic", "a", "b"), M(4, "d", "Re: topic", "a")));
    }

    [Fact]
    public void Deep_trees_are_written_as_in_rfc_5256()
    {
        // RFC 5256 §4's example answer "(3 6 (4 23)(44 7 96))".
        Assert.Equal("(3 6 (4 23)(44 7 96))", References(
            M(3, 1, "m3", "x"), M(6, 2, "m6", "Re: x", "m3"), M(4, 3, "m4", "Re: x", "m3", "m6"), M(23, 4, "m23", "Re: x", "m3", "m6", "m4"),
            M(44, 5, "m44", "Re: x", "m3", "m6"), M(7, 6, "m7", "Re: x", "m3", "m6", "m44"), M(96, 7, "m96", "Re: x", "m3", "m6", "m44", "m7")));
    }

    [Fact]
    public void A_missing_parent_of_several_stays_as_a_dummy_at_the_root_and_one_child_is_promoted()
    {
        Assert.Equal("((1)(2))", References(M(1, "a", "one", "gone"), M(2, "b", "two", "gone")));
        Assert.Equal("(1)", References(M(1, "a", "one", "gone")));
        // Below a message, a dummy's children move up in its place.
        Assert.Equal("(1 (2)(3))", References(M(1, "a", "one"), M(2, "b", "Re: one", "a", "gone"), M(3, "c", "Re: one", "a", "gone")));
    }

    [Fact]
    public void In_reply_to_serves_when_references_are_missing()
    {
        var child = ThreadMessage.Of(2, 2, T0, MimeKit.HeaderList.Load(new MemoryStream(
            "Subject: other\r\nMessage-ID: <b@x>\r\nIn-Reply-To: <a@x> <z@x>\r\n\r\n"u8.ToArray())));
        Assert.Equal(["a@x"], child.References);
        Assert.Equal("b@x", child.MessageId);
        Assert.Equal("(1 2)", MessageThreader.Format(MessageThreader.References([M(1, 0, "a@x", "first"), child with { Sent = T0.AddMinutes(5) }])));
    }

    [Fact]
    public void Threads_with_one_base_subject_are_gathered()
    {
        // A reply by subject goes under the original; two originals share a new dummy.
        Assert.Equal("(1 2)", References(M(1, "a", "Hello"), M(2, "b", "Re: Hello")));
        Assert.Equal("((1)(2))", References(M(1, "a", "Hello"), M(2, "b", "Hello")));
        // The table prefers the original to a reply even when the reply came first.
        Assert.Equal("(2 1)", References(M(1, 5, "a", "Re: Hello"), M(2, 1, "b", "Hello")));
        Assert.Equal("(1)(2)", References(M(1, "a", "Hello"), M(2, "b", "Goodbye")));
        // Empty subjects are never gathered.
        Assert.Equal("(1)(2)", References(M(1, "a", ""), M(2, "b", "Re:")));
    }

    [Fact]
    public void Loops_and_duplicate_ids_do_not_break_threading()
    {
        Assert.Equal("(2 1)", References(M(1, "a", "x", "b"), M(2, "b", "y", "a")));
        Assert.Equal("(1 2)", References(M(1, "a", "x", "a"), M(2, "a", "Re: x")));
        Assert.Equal("(1)(2)(3)", References(M(1, "same", "p"), M(2, "same", "q"), M(3, null, "r")));
    }

    [Fact]
    public void Siblings_and_threads_are_ordered_by_sent_date()
    {
        Assert.Equal("(3)(1 (4)(2))", References(
            M(1, 10, "a", "one"), M(2, 40, "b", "Re: one", "a"), M(3, 1, "c", "three"), M(4, 20, "d", "Re: one", "a")));
    }

    [Fact]
    public void Ordered_subject_makes_the_first_message_the_parent_of_the_rest()
    {
        var threads = MessageThreader.OrderedSubject([
            M(1, 1, null, "b"), M(2, 2, null, "Re: a"), M(3, 3, null, "B"), M(4, 0, null, "a"), M(5, 5, null, "c"), M(6, 4, null, "[x] b"),
        ]);
        Assert.Equal("(4 2)(1 (3)(6))(5)", MessageThreader.Format(threads));
    }

    [Fact]
    public void Very_deep_threads_do_not_exhaust_the_stack()
    {
        // Each message n+2 replies to n, and n+1 is a leaf beside it: nesting thousands of lists deep.
        const int depth = 20000;
        var messages = new List<ThreadMessage> { M(1, "m1", "x") };
        for (int n = 2; n <= depth; n++)
        {
            int parent = n % 2 == 0 ? n - 1 : n - 2;
            messages.Add(M(n, n, "m" + n, "Re: x", "m" + parent));
        }
        string text = References([.. messages]);
        Assert.StartsWith("(1 (2)(3 (4)(5 (6)(7 ", text);
        Assert.EndsWith("))))", text);
        Assert.Equal(depth, text.Split(' ', '(', ')').Count(t => t.Length > 0));
    }
}
