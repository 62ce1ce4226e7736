using System.Text;
using MimeKit;
using MimeKit.Utils;

namespace Wren.Imap.Server.Search;

/// <summary>What threading knows of one message (RFC 5256 §2.2, §2.1).</summary>
/// <param name="Id">The number THREAD answers with: the sequence number, or the UID for UID THREAD.</param>
/// <param name="Seq">The sequence number (ties of the sent date go by mailbox order).</param>
/// <param name="Sent">The sent date (the Date: header, or INTERNALDATE).</param>
/// <param name="Subject">The base subject.</param>
/// <param name="IsReplyOrForward">A reply/forward marker was removed from the subject.</param>
/// <param name="MessageId">The Message-ID without angle brackets, or null.</param>
/// <param name="References">The References (or, without them, the first In-Reply-To id), oldest first.</param>
internal sealed record ThreadMessage(long Id, int Seq, DateTimeOffset Sent, string Subject, bool IsReplyOrForward, string? MessageId,
    IReadOnlyList<string> References)
{
    /// <summary>What threading needs of a message, read from its header fields.</summary>
    public static ThreadMessage Of(long id, int seq, DateTimeOffset internalDate, HeaderList headers)
    {
        string? subject = Raw(headers, HeaderId.Subject);
        string baseSubject = BaseSubject.Extract(subject, out bool reply);
        string? messageId = Raw(headers, HeaderId.MessageId) is { } rawId ? MimeUtils.ParseMessageId(rawId) : null;
        var references = new List<string>();
        if (Raw(headers, HeaderId.References) is { } rawReferences)
            references.AddRange(MimeUtils.EnumerateReferences(rawReferences));
        if (references.Count == 0 && Raw(headers, HeaderId.InReplyTo) is { } inReplyTo && MimeUtils.EnumerateReferences(inReplyTo).FirstOrDefault() is { } parent)
            references.Add(parent);
        DateTimeOffset sent = SearchEvaluator.SentDate(Raw(headers, HeaderId.Date)) ?? internalDate;
        return new ThreadMessage(id, seq, sent, baseSubject, reply, string.IsNullOrEmpty(messageId) ? null : messageId, references);
    }

    private static string? Raw(HeaderList headers, HeaderId id)
    {
        int index = headers.IndexOf(id);
        return index < 0 ? null : Encoding.UTF8.GetString(headers[index].RawValue).Trim();
    }
}

/// <summary>A node of a thread tree: a message, or a dummy standing for a referenced message not in the set.</summary>
internal sealed class ThreadNode(ThreadMessage? message)
{
    /// <summary>The message; null for a dummy.</summary>
    public ThreadMessage? Message { get; set; } = message;

    /// <summary>The parent, or null at the root.</summary>
    public ThreadNode? Parent { get; set; }

    /// <summary>The children.</summary>
    public List<ThreadNode> Children { get; set; } = [];

    /// <summary>True for a dummy.</summary>
    public bool IsDummy => Message is null;

    /// <summary>The message a dummy is represented by: its first child's (RFC 5256 §2.2 steps 4, 5).</summary>
    public ThreadMessage? Representative
    {
        get
        {
            ThreadNode node = this;
            while (node.Message is null && node.Children.Count > 0)
                node = node.Children[0];
            return node.Message;
        }
    }

    /// <summary>True when <paramref name="other"/> is this node or below it.</summary>
    public bool IsAncestorOf(ThreadNode other)
    {
        for (ThreadNode? node = other; node is not null; node = node.Parent)
        {
            if (node == this)
                return true;
        }
        return false;
    }

    /// <summary>Makes <paramref name="child"/> this node's last child, taking it from its parent.</summary>
    public void Adopt(ThreadNode child)
    {
        child.Parent?.Children.Remove(child);
        child.Parent = this;
        Children.Add(child);
    }
}

/// <summary>The THREAD algorithms of RFC 5256 §2.2 and the THREAD response's nesting (§4).</summary>
internal static class MessageThreader
{
    /// <summary>
    /// ORDEREDSUBJECT: messages sorted by base subject then sent date; each run of one subject is a thread whose
    /// first message is the parent of all the others; threads in the order of their first message's sent date.
    /// </summary>
    public static List<ThreadNode> OrderedSubject(IEnumerable<ThreadMessage> messages)
    {
        var sorted = messages.ToList();
        sorted.Sort((a, b) =>
        {
            int order = MessageSortKeys.AsciiCasemap(a.Subject, b.Subject);
            return order != 0 ? order : ByDate(a, b);
        });
        var threads = new List<ThreadNode>();
        ThreadNode? current = null;
        foreach (ThreadMessage message in sorted)
        {
            if (current is not null && MessageSortKeys.AsciiCasemap(current.Message!.Subject, message.Subject) == 0)
            {
                current.Adopt(new ThreadNode(message));
                continue;
            }
            current = new ThreadNode(message);
            threads.Add(current);
        }
        threads.Sort((a, b) => ByDate(a.Message!, b.Message!));
        return threads;
    }

    /// <summary>REFERENCES (RFC 5256 §2.2): parent/child links from References and In-Reply-To, then threads of one base subject merged.</summary>
    public static List<ThreadNode> References(IEnumerable<ThreadMessage> messages)
    {
        // Step 1: link messages, creating dummies for referenced messages that are not in the set.
        var byId = new Dictionary<string, ThreadNode>(StringComparer.Ordinal);
        var all = new List<ThreadNode>();
        foreach (ThreadMessage message in messages)
        {
            ThreadNode node;
            if (message.MessageId is { } id && byId.TryGetValue(id, out ThreadNode? existing) && existing.IsDummy)
            {
                node = existing;
                node.Message = message;
            }
            else
            {
                // A message without Message-ID, or repeating one already seen, gets a container of its own.
                node = new ThreadNode(message);
                all.Add(node);
                if (message.MessageId is { } newId)
                    byId.TryAdd(newId, node);
            }

            // 1.A: each reference is the parent of the next, unless already parented or that would make a loop.
            ThreadNode? previous = null;
            foreach (string reference in message.References)
            {
                if (!byId.TryGetValue(reference, out ThreadNode? referenced))
                {
                    referenced = new ThreadNode(null);
                    byId.Add(reference, referenced);
                    all.Add(referenced);
                }
                if (previous is not null && referenced.Parent is null && !referenced.IsAncestorOf(previous))
                    previous.Adopt(referenced);
                previous = referenced;
            }

            // 1.B: the last reference is the message's parent (replacing any parent set before), unless that loops.
            if (node.Parent is not null)
            {
                node.Parent.Children.Remove(node);
                node.Parent = null;
            }
            if (previous is not null && !node.IsAncestorOf(previous))
                previous.Adopt(node);
        }

        // Step 2: the root set. Step 3: prune dummies. Step 4: sort siblings by sent date.
        List<ThreadNode> roots = Prune([.. all.Where(n => n.Parent is null)], atRoot: true);
        SortSiblings(roots);

        // Step 5: gather threads whose roots share a base subject.
        var table = new Dictionary<string, ThreadNode>(MessageSortKeys.AsciiCasemapEquality);
        foreach (ThreadNode root in roots)
        {
            if (root.Representative is not { Subject.Length: > 0 } message)
                continue;
            if (!table.TryGetValue(message.Subject, out ThreadNode? old)
                || (root.IsDummy && !old.IsDummy)
                || (!old.IsDummy && old.Message!.IsReplyOrForward && !root.IsDummy && !message.IsReplyOrForward))
                table[message.Subject] = root;
        }
        foreach (ThreadNode root in roots.ToList())
        {
            if (root.Representative is not { Subject.Length: > 0 } message)
                continue;
            ThreadNode old = table[message.Subject];
            if (old == root)
                continue;
            roots.Remove(root);
            if (root.IsDummy && old.IsDummy)
            {
                // (a) Both dummies: the children become siblings.
                foreach (ThreadNode child in root.Children.ToList())
                    old.Adopt(child);
            }
            else if (old.IsDummy || (!root.IsDummy && message.IsReplyOrForward && !old.Representative!.IsReplyOrForward))
            {
                // (b) Under the table's dummy; (c) a reply under the original.
                old.Adopt(root);
            }
            else
            {
                // (d) A new dummy holds both, in the table's place.
                var dummy = new ThreadNode(null);
                roots[roots.IndexOf(old)] = dummy;
                dummy.Adopt(old);
                dummy.Adopt(root);
                table[message.Subject] = dummy;
            }
        }

        // Step 6: sort siblings again, merged threads included.
        SortSiblings(roots);
        return roots;
    }

    // Step 3: a dummy without children goes; one with children gives them to its own level, except at the root
    // where it stays when it has more than one (the root cannot hold siblings of one thread). Iterative, bottom
    // up, so that a reply chain thousands deep cannot exhaust the stack.
    private static List<ThreadNode> Prune(List<ThreadNode> roots, bool atRoot)
    {
        foreach (ThreadNode node in PostOrder(roots))
            node.Children = Promote(node, node.Children, keepDummies: false);
        return Promote(null, roots, keepDummies: atRoot);
    }

    private static List<ThreadNode> Promote(ThreadNode? parent, List<ThreadNode> nodes, bool keepDummies)
    {
        var kept = new List<ThreadNode>(nodes.Count);
        foreach (ThreadNode node in nodes)
        {
            if (!node.IsDummy || (keepDummies && node.Children.Count > 1))
            {
                kept.Add(node);
                continue;
            }
            foreach (ThreadNode child in node.Children)
            {
                child.Parent = parent;
                kept.Add(child);
            }
        }
        return kept;
    }

    // Children before their parents (a dummy's date is its first child's, known once the children are sorted).
    private static List<ThreadNode> PostOrder(List<ThreadNode> roots)
    {
        var order = new List<ThreadNode>();
        var stack = new Stack<ThreadNode>(roots);
        while (stack.Count > 0)
        {
            ThreadNode node = stack.Pop();
            order.Add(node);
            foreach (ThreadNode child in node.Children)
                stack.Push(child);
        }
        order.Reverse();
        return order;
    }

    private static void SortSiblings(List<ThreadNode> roots)
    {
        foreach (ThreadNode node in PostOrder(roots))
            node.Children.Sort((a, b) => ByDate(a.Representative!, b.Representative!));
        roots.Sort((a, b) => ByDate(a.Representative!, b.Representative!));
    }

    private static int ByDate(ThreadMessage a, ThreadMessage b)
    {
        int order = a.Sent.CompareTo(b.Sent);
        return order != 0 ? order : a.Seq.CompareTo(b.Seq);
    }

    /// <summary>The THREAD response's data (RFC 5256 §4): "(1)(2 3 (4)(5))", a dummy being a list without a number.</summary>
    public static string Format(IEnumerable<ThreadNode> roots)
    {
        // A chain of single children is written flat ("2 3 4"); several children each get a list. An explicit
        // stack of what is still to write (nodes and parentheses) keeps deep threads off the call stack.
        var text = new StringBuilder();
        var pending = new Stack<object>();
        PushLists(pending, roots.ToList());
        while (pending.Count > 0)
        {
            object next = pending.Pop();
            if (next is char c)
            {
                text.Append(c);
                continue;
            }
            var node = (ThreadNode)next;
            if (node.Message is { } message)
            {
                text.Append(message.Id);
                if (node.Children.Count == 0)
                    continue;
                text.Append(' ');
                if (node.Children.Count == 1)
                {
                    pending.Push(node.Children[0]);
                    continue;
                }
            }
            PushLists(pending, node.Children);
        }
        return text.ToString();
    }

    private static void PushLists(Stack<object> pending, List<ThreadNode> nodes)
    {
        for (int i = nodes.Count - 1; i >= 0; i--)
        {
            pending.Push(')');
            pending.Push(nodes[i]);
            pending.Push('(');
        }
    }
}
