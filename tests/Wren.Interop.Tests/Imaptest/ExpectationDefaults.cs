namespace Wren.Interop.Tests.Imaptest;

/// <summary>
/// Adds imaptest's default directives to a list that has none, and checks the directives of every list:
/// <c>LIST|LSUB ($!unordered) …</c>, <c>STATUS box ($!unordered=2)</c>, <c>n FETCH ($!unordered=2 …)</c>, and in a
/// FETCH's <c>FLAGS (…)</c>: unordered, no extras, but <c>\Recent</c>, <c>$HasAttachment</c> and
/// <c>$HasNoAttachment</c> may be extra.
/// </summary>
public static class ExpectationDefaults
{
    private sealed record Context(Context? Parent, string ReplyName, string? PrevAtom, int IndexInParent);

    /// <summary>Returns <paramref name="args"/> (an untagged pattern after <c>* </c>) with defaults applied.</summary>
    public static IReadOnlyList<ImapArg> Apply(IReadOnlyList<ImapArg> args)
    {
        string name = "";
        if (args.Count > 0 && args[0].Kind == ImapArgKind.Atom)
        {
            name = args[0].Text;
            if (name.Length > 0 && (name[0] == '$' || char.IsAsciiDigit(name[0])))
                name = args.Count > 1 && args[1].Kind == ImapArgKind.Atom ? args[1].Text : "";
        }
        var root = new Context(null, name.ToLowerInvariant(), null, 0);
        return Process(args, root, chainSizeOf: out _);
    }

    private static List<ImapArg> Process(IReadOnlyList<ImapArg> items, Context ctx, out int chainSizeOf)
    {
        var directives = ListDirectives.Read(items);
        var result = new List<ImapArg>(items);
        if (directives.Count == 0 && ctx.Parent is not null)
            result.InsertRange(0, Defaults(ctx).Select(ImapArg.Atom));
        int directiveCount = result.TakeWhile(ListDirectives.IsDirective).Count();
        // The chain size comes only from explicit directives (defaults leave it at 1 for the child indexes).
        int chain = directives.Count > 0 ? directives.ChainSize : 1;
        if ((result.Count - directiveCount) % chain != 0)
            throw new FormatException($"Invalid list argument count, chain size={chain}");
        string? prevAtom = null;
        for (int i = 0; i < result.Count; i++)
        {
            if (result[i].Kind == ImapArgKind.Atom)
                prevAtom = result[i].Text.ToLowerInvariant();
            if (result[i].Kind != ImapArgKind.List)
                continue;
            var sub = new Context(ctx, ctx.ReplyName, prevAtom, chain == 1 ? i : i % chain);
            result[i] = ImapArg.List(Process(result[i].Items, sub, out _));
        }
        chainSizeOf = chain;
        return result;
    }

    private static string[] Defaults(Context ctx)
    {
        var parent = ctx.Parent!;
        bool childOfRoot = parent.Parent is null && parent.IndexInParent == 0;
        switch (ctx.ReplyName)
        {
            case "list" or "lsub" when childOfRoot && ctx.IndexInParent == 1:
                return ["$!unordered"];
            case "status" when childOfRoot && ctx.IndexInParent == 2:
                return ["$!unordered=2"];
            case "fetch" when childOfRoot && ctx.IndexInParent == 2:
                return ["$!unordered=2"];
            case "fetch" when parent.Parent is { Parent: null, IndexInParent: 0 } && parent.IndexInParent == 2 && ctx.PrevAtom == "flags":
                return ["$!unordered", "$!noextra", "$!ignore=\\recent", "$!ignore=$HasAttachment", "$!ignore=$HasNoAttachment"];
            default:
                return [];
        }
    }
}
