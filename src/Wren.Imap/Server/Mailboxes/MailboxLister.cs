using Wren.Imap.Protocol;
using Wren.Store.Messages;

namespace Wren.Imap.Server.Mailboxes;

/// <summary>One LIST or LSUB response line to write.</summary>
/// <param name="Name">The mailbox name.</param>
/// <param name="Attributes">Its name attributes, in order.</param>
/// <param name="ChildInfo">RFC 5258 §3.5 CHILDINFO values (e.g. SUBSCRIBED), empty when none.</param>
/// <param name="MailboxId">The mailbox, or null when the name has none (no STATUS for it).</param>
internal sealed record ListedMailbox(string Name, IReadOnlyList<string> Attributes, IReadOnlyList<string> ChildInfo, long? MailboxId);

/// <summary>
/// Chooses what LIST (RFC 9051 §6.3.9 with LIST-EXTENDED RFC 5258, SPECIAL-USE RFC 6154) and LSUB (RFC 3501
/// §6.3.9) show, from every name the store knows (<see cref="IMailboxStore.ListMailboxesAsync"/>).
/// </summary>
internal static class MailboxLister
{
    /// <summary>
    /// The LIST lines, sorted by name, each name once however many patterns match it.
    /// </summary>
    /// <param name="entries">Every name the store can show.</param>
    /// <param name="command">The command (patterns, options).</param>
    /// <param name="rev2">IMAP4rev2 is enabled: \NonExistent is a base attribute (RFC 9051 §7.3.1).</param>
    public static List<ListedMailbox> List(IReadOnlyList<MailboxListEntry> entries, ListCommand command, bool rev2)
    {
        var patterns = command.Patterns.Select(p => MailboxPattern.Create(command.Reference, p)).ToList();
        ListSelectOptions selection = command.Selection;
        bool bySubscription = (selection & ListSelectOptions.Subscribed) != 0;
        bool bySpecialUse = (selection & ListSelectOptions.SpecialUse) != 0;
        bool recursive = (selection & ListSelectOptions.RecursiveMatch) != 0;
        bool showSubscribed = bySubscription || (command.Return & ListReturnOptions.Subscribed) != 0;
        // RFC 5258 §3 defines \NonExistent; a rev1 client using plain LIST knows only \Noselect (RFC 3501 §7.2.2).
        string nonExistent = rev2 || command.IsExtended ? "\\NonExistent" : "\\Noselect";

        // RFC 5258 §3.1: the selection criteria. Without any, a name is listed when it is a mailbox or is
        // implied by inferior mailboxes (RFC 9051 §6.3.9: such a name is shown as non-existent).
        bool Meets(MailboxListEntry e) => (bySubscription || bySpecialUse)
            ? (!bySubscription || e.Subscribed) && (!bySpecialUse || (e.Exists && e.SpecialUse is not null))
            : e.Exists || e.HasChildren;

        var byName = new SortedDictionary<string, MailboxListEntry>(StringComparer.Ordinal);
        foreach (MailboxListEntry entry in entries)
            byName[entry.Name] = entry;

        // RFC 5258 §3.5 RECURSIVEMATCH: a name with an inferior (at any depth) that meets the criteria but is
        // not listed itself (no pattern matches it) is listed with CHILDINFO, even if it does not meet them
        // itself or is no name the store has. An inferior that is listed speaks for itself (as Dovecot does,
        // and imaptest's listext expects).
        var withMeetingChild = new HashSet<string>(StringComparer.Ordinal);
        if (recursive)
        {
            foreach (MailboxListEntry entry in entries.Where(e => Meets(e) && !patterns.Any(p => p.Matches(e.Name))).ToList())
            {
                foreach (string superior in Superiors(entry.Name))
                {
                    if (!withMeetingChild.Add(superior))
                        break;
                    byName.TryAdd(superior, new MailboxListEntry(superior, null, null, null, Exists: false, HasChildren: true, Subscribed: false));
                }
            }
        }
        string[] childInfo = recursive
            ? [.. (bySubscription ? ["SUBSCRIBED"] : Array.Empty<string>()), .. (bySpecialUse ? ["SPECIAL-USE"] : Array.Empty<string>())]
            : [];

        var result = new List<ListedMailbox>();
        foreach (MailboxListEntry entry in byName.Values)
        {
            if (!patterns.Any(p => p.Matches(entry.Name)))
                continue;
            bool meets = Meets(entry);
            bool childMeets = withMeetingChild.Contains(entry.Name);
            if (!meets && !childMeets)
                continue;
            var attributes = new List<string>(4);
            if (!entry.Exists)
                attributes.Add(nonExistent);
            if (showSubscribed && entry.Subscribed)
                attributes.Add("\\Subscribed");
            // RFC 3348 / RFC 5258 §4 CHILDREN: always given (CHILDREN is advertised); a name that is neither a
            // mailbox nor a parent has no children to speak of.
            if (entry.Exists || entry.HasChildren)
                attributes.Add(entry.HasChildren ? "\\HasChildren" : "\\HasNoChildren");
            // RFC 6154 §2: special-use attributes in every LIST, not only with RETURN (SPECIAL-USE).
            if (entry.Exists && entry.SpecialUse is not null)
                attributes.Add(entry.SpecialUse);
            result.Add(new ListedMailbox(entry.Name, attributes, childMeets ? childInfo : [], entry.Exists ? entry.MailboxId : null));
        }
        return result;
    }

    /// <summary>
    /// RFC 3501 §6.3.9 LSUB: the subscribed names matching the pattern; and, where "%" stops short of a
    /// subscribed name, its unsubscribed superior with \Noselect.
    /// </summary>
    public static List<ListedMailbox> Lsub(IReadOnlyList<MailboxListEntry> entries, LsubCommand command)
    {
        MailboxPattern pattern = MailboxPattern.Create(command.Reference, command.Pattern);
        var names = new SortedDictionary<string, bool>(StringComparer.Ordinal);
        foreach (MailboxListEntry entry in entries.Where(e => e.Subscribed))
        {
            names[entry.Name] = true;
            if (command.Pattern.Contains('%'))
            {
                foreach (string superior in Superiors(entry.Name))
                    names.TryAdd(superior, false);
            }
        }
        var result = new List<ListedMailbox>();
        foreach ((string name, bool subscribed) in names)
        {
            if (pattern.Matches(name))
                result.Add(new ListedMailbox(name, subscribed ? [] : ["\\Noselect"], [], null));
        }
        return result;
    }

    /// <summary>"a/b/c" → "a/b", "a" (nearest first).</summary>
    private static IEnumerable<string> Superiors(string name)
    {
        for (int i = name.LastIndexOf(MailboxPattern.Delimiter); i > 0; i = name.LastIndexOf(MailboxPattern.Delimiter, i - 1))
            yield return name[..i];
    }
}
