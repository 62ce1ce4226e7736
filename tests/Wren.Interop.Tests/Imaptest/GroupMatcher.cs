namespace Wren.Interop.Tests.Imaptest;

/// <summary>
/// Checks the untagged replies received while one command group runs against its expectations, imaptest's way:
/// a reply may satisfy several expectations at once, a <c>!</c> expectation it matches fails the script, replies
/// nothing expected are allowed unless <c>ignore_extra_untagged: no</c>, and when the group ends every <c>*</c>
/// expectation must have been met.
/// </summary>
public sealed class GroupMatcher(CommandGroup group, ReplyMatcher matcher, bool ignoreExtraUntagged)
{
    private readonly bool[] _found = new bool[group.Untagged.Count];
    private readonly (int Score, string? Reply)[] _best = new (int, string?)[group.Untagged.Count];
    private int _mismatches;
    private string? _firstExtra;

    /// <summary>The connection is logging out: its BYE and such need no expectation.</summary>
    public bool LoggingOut { get; set; }

    /// <summary>
    /// Matches one untagged reply (its arguments after <c>* </c>); <paramref name="tag"/> is <c>$tag</c>, the tag of the
    /// group's first command. Returns a failure message when the reply is banned.
    /// </summary>
    public string? Untagged(IReadOnlyList<ImapArg> reply, string? tag)
    {
        if (group.Untagged.Count == 0 && (ignoreExtraUntagged || LoggingOut))
            return null;
        // OK, NO, BAD and BYE end with human-readable text after the [code].
        bool prefix = reply.Count > 0 && reply[0].Kind == ImapArgKind.Atom &&
            reply[0].Text.ToUpperInvariant() is "OK" or "NO" or "BAD" or "BYE";
        var variables = matcher.Variables;
        if (tag is not null)
            variables.Set("tag", tag);
        try
        {
            bool foundSome = false;
            for (int i = 0; i < group.Untagged.Count; i++)
            {
                if (_found[i])
                    continue;
                var expectation = group.Untagged[i];
                int score = matcher.Match(expectation.Args, reply, prefix);
                if (score == ReplyMatcher.Full)
                {
                    if (expectation.Existence == Existence.MustNotExist)
                        return $"Unexpected untagged match:\n  match: {expectation}\n  reply: {ImapArg.Format(reply)}";
                    _found[i] = true;
                    foundSome = true;
                    if (group.Ordered)
                        break;
                    continue;
                }
                if (score >= _best[i].Score)
                    _best[i] = (score, ImapArg.Format(reply));
                if (group.Ordered && expectation.Existence == Existence.MustExist)
                    break;
            }
            if (!foundSome)
            {
                _mismatches++;
                if (!ignoreExtraUntagged)
                    _firstExtra ??= ImapArg.Format(reply);
            }
            return null;
        }
        finally
        {
            if (tag is not null)
                variables.Remove("tag");
        }
    }

    /// <summary>
    /// At the end of the group: the first required reply that never came (with the closest reply seen), or the first
    /// unexpected one when extras are not allowed; null when all is well.
    /// </summary>
    public (string Reason, string Expected, string Got)? Finish(Func<string, string> expandForMessage)
    {
        int missing = 0, first = -1;
        for (int i = 0; i < group.Untagged.Count; i++)
        {
            if (group.Untagged[i].Existence == Existence.MustExist && !_found[i])
            {
                missing++;
                if (first < 0)
                    first = i;
            }
        }
        if (missing > 0)
        {
            string pattern = group.Untagged[first].ToString();
            return ($"Missing {missing} untagged replies ({_mismatches} mismatches)", "* " + expandForMessage(pattern), _best[first].Reply is { } best ? "* " + best : "");
        }
        if (_firstExtra is not null)
            return ($"{_mismatches} unexpected untagged replies received", "(nothing)", "* " + _firstExtra);
        return null;
    }
}
