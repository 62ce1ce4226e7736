namespace Wren.Bench.Imap;

/// <summary>A command the bench needs was answered NO or BAD (or the server said BYE): the phase cannot go on.</summary>
internal sealed class ImapCommandFailedException(string command, ImapResponse answer)
    : Exception($"{command}: {answer}")
{
    /// <summary>The command as sent, without its tag (literals left out).</summary>
    public string Command { get; } = command;

    /// <summary>The tagged NO/BAD (or untagged BYE) that ended it.</summary>
    public ImapResponse Answer { get; } = answer;
}
