namespace Wren.Mail.Tests.Summaries;

/// <summary>Compares an imaptest expectation with a reply as imaptest does: "$" matches anything, "$name" binds
/// on first use and must match after, "$!" directives are skipped, strings compare case-insensitively.</summary>
internal static class ImapValueMatcher
{
    public static bool Matches(ImapValue expected, ImapValue actual, bool exactCase, Dictionary<string, ImapValue> variables)
    {
        if (expected.IsVariable)
        {
            if (expected.Text == "$")
                return true;
            if (variables.TryGetValue(expected.Text, out ImapValue? bound))
                return Matches(bound, actual, exactCase, variables);
            variables[expected.Text] = actual;
            return true;
        }
        if (expected.Kind != actual.Kind)
            return false;
        if (expected.Kind == ImapValue.Kinds.List)
        {
            List<ImapValue> items = expected.Items.SkipWhile(i => i.Text.StartsWith("$!", StringComparison.Ordinal)).ToList();
            if (items.Count != actual.Items.Count)
                return false;
            for (int i = 0; i < items.Count; i++)
            {
                if (!Matches(items[i], actual.Items[i], exactCase, variables))
                    return false;
            }
            return true;
        }
        return string.Equals(expected.Text, actual.Text, exactCase ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase);
    }
}
