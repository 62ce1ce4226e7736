namespace Wren.Interop.Tests.Imaptest;

/// <summary>
/// The <c>$variables</c> of one script run: predefined ones (<c>$mailbox</c>, <c>$user</c> …), ones bound by the first
/// reply they match, <c>$tag</c> while a reply is matched, and <c>$1</c>, <c>$2</c> … which name the messages by their
/// sequence number at the start of the current command group (EXPUNGEs received meanwhile shift them).
/// </summary>
public sealed class ScriptVariables
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly List<string> _bound = [];
    private List<uint> _seqMap = [];
    private long _highestModseqIndex;
    private ulong _highestModseqValue;

    /// <summary>The value of <paramref name="name"/>, or null if unbound.</summary>
    public string? this[string name] => _values.GetValueOrDefault(name);

    /// <summary>Sets a variable (predefined ones, and <c>$tag</c>).</summary>
    public void Set(string name, string value) => _values[name] = value;

    /// <summary>Forgets a variable.</summary>
    public void Remove(string name) => _values.Remove(name);

    /// <summary>A point to <see cref="RevertTo"/> if a match attempt fails.</summary>
    public int Mark() => _bound.Count;

    /// <summary>Unbinds the variables bound since <paramref name="mark"/>.</summary>
    public void RevertTo(int mark)
    {
        for (int i = _bound.Count - 1; i >= mark; i--)
            _values.Remove(_bound[i]);
        _bound.RemoveRange(mark, _bound.Count - mark);
    }

    /// <summary>Binds <paramref name="name"/> on its first match (remembered so a failed attempt can undo it).</summary>
    public void Bind(string name, string value)
    {
        _values[name] = value;
        _bound.Add(name);
    }

    /// <summary>
    /// Binds <c>$modseqN</c>: each must be at least the previous one plus the gap between their numbers.
    /// Returns false (binding nothing) when <paramref name="value"/> is too small or not a number.
    /// </summary>
    public bool BindModseq(string name, long index, string value)
    {
        if (!ulong.TryParse(value, out ulong modseq) || index < _highestModseqIndex)
            return false;
        ulong atLeast = _highestModseqValue + (ulong)(index - _highestModseqIndex);
        if (modseq < atLeast)
            return false;
        _highestModseqIndex = index;
        _highestModseqValue = modseq;
        _values[name] = value;
        return true;
    }

    /// <summary>Starts a command group on a connection that knows <paramref name="messageCount"/> messages.</summary>
    public void ResetSequences(uint messageCount)
    {
        _seqMap = new List<uint>((int)Math.Min(messageCount, 100_000));
        for (uint seq = 1; seq <= messageCount; seq++)
            _seqMap.Add(seq);
    }

    /// <summary>The current sequence number of the message that was <paramref name="seq"/> when the group started.</summary>
    public string RelativeSequence(uint seq)
    {
        if (seq == 0)
            return "<zero seq>";
        if (seq > _seqMap.Count)
            return "<out of range>";
        uint now = _seqMap[(int)seq - 1];
        return now == 0 ? "<expunged>" : now.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Applies <c>* seq EXPUNGE</c> to the sequence map (after the reply was matched).</summary>
    public void Expunged(uint seq)
    {
        if (seq == 0 || seq > _seqMap.Count)
            return;
        for (int i = (int)seq - 1; i < _seqMap.Count; i++)
        {
            if (_seqMap[i] == seq)
                _seqMap[i] = 0;
            else if (_seqMap[i] > seq)
                _seqMap[i]--;
        }
    }
}
