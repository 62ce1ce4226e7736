using MimeKit.IO.Filters;

namespace Wren.Mail.Summaries;

/// <summary>
/// A streaming quoted-printable decoder (RFC 2045 §6.7), a MimeKit filter:
/// "=XX" becomes its octet, "=" ending a line (after optional transport padding) is a soft line break, and
/// whitespace trailing a line is dropped (rule 3). Malformed escapes pass through as they are. Line ends
/// are kept as found (CRLF or LF).
/// </summary>
public sealed class QuotedPrintableDecodeFilter : MimeFilterBase
{
    // Whitespace runs longer than this are written out as they are, so a hostile run costs bounded memory.
    private const int MaxPendingWhitespace = 4096;

    private enum State { Text, CarriageReturn, Equals, EqualsHex, EqualsPadding, EqualsCarriageReturn }

    private readonly byte[] _whitespace = new byte[MaxPendingWhitespace];
    private int _whitespaceCount;
    private State _state;
    private byte _firstHex;

    /// <inheritdoc/>
    protected override byte[] Filter(byte[] input, int startIndex, int length, out int outputIndex, out int outputLength, bool flush)
    {
        EnsureOutputSize(length + _whitespaceCount + 4, false);
        byte[] output = OutputBuffer;
        int o = 0;
        int end = startIndex + length;
        for (int i = startIndex; i < end; i++)
            o = Step(input[i], output, o);
        if (flush)
            o = Finish(output, o);
        outputIndex = 0;
        outputLength = o;
        return output;
    }

    /// <inheritdoc/>
    public override void Reset()
    {
        _state = State.Text;
        _whitespaceCount = 0;
        base.Reset();
    }

    private int Step(byte c, byte[] output, int o)
    {
        while (true)
        {
            switch (_state)
            {
                case State.Text:
                    if (c is (byte)' ' or (byte)'\t')
                    {
                        if (_whitespaceCount == MaxPendingWhitespace)
                            o = FlushWhitespace(output, o);
                        _whitespace[_whitespaceCount++] = c;
                        return o;
                    }
                    if (c == '\r')
                    {
                        _state = State.CarriageReturn;
                        return o;
                    }
                    if (c == '\n')
                    {
                        _whitespaceCount = 0; // RFC 2045 §6.7 (3): trailing whitespace is padding
                        output[o++] = c;
                        return o;
                    }
                    o = FlushWhitespace(output, o);
                    if (c == '=')
                        _state = State.Equals;
                    else
                        output[o++] = c;
                    return o;

                case State.CarriageReturn:
                    _state = State.Text;
                    if (c == '\n')
                    {
                        _whitespaceCount = 0;
                        output[o++] = (byte)'\r';
                        output[o++] = c;
                        return o;
                    }
                    o = FlushWhitespace(output, o);
                    output[o++] = (byte)'\r';
                    continue; // reprocess c as text

                case State.Equals:
                    if (IsHex(c))
                    {
                        _firstHex = c;
                        _state = State.EqualsHex;
                        return o;
                    }
                    if (c is (byte)' ' or (byte)'\t')
                    {
                        _state = State.EqualsPadding; // RFC 2045 §6.7 (5): "=" then padding then the line end
                        return o;
                    }
                    if (c == '\r')
                    {
                        _state = State.EqualsCarriageReturn;
                        return o;
                    }
                    if (c == '\n')
                    {
                        _state = State.Text; // soft line break
                        return o;
                    }
                    output[o++] = (byte)'=';
                    _state = State.Text;
                    continue;

                case State.EqualsHex:
                    _state = State.Text;
                    if (IsHex(c))
                    {
                        output[o++] = (byte)((HexValue(_firstHex) << 4) | HexValue(c));
                        return o;
                    }
                    output[o++] = (byte)'=';
                    output[o++] = _firstHex;
                    continue;

                case State.EqualsPadding:
                    if (c is (byte)' ' or (byte)'\t')
                        return o;
                    if (c == '\r')
                    {
                        _state = State.EqualsCarriageReturn;
                        return o;
                    }
                    _state = State.Text;
                    if (c == '\n')
                        return o; // soft line break
                    output[o++] = (byte)'='; // "= x": not an escape; keep the "=" and drop the padding
                    continue;

                case State.EqualsCarriageReturn:
                    _state = State.Text;
                    if (c == '\n')
                        return o; // soft line break
                    continue;
            }
        }
    }

    private int Finish(byte[] output, int o)
    {
        switch (_state)
        {
            case State.CarriageReturn:
                output[o++] = (byte)'\r';
                break;
            case State.Equals:
                output[o++] = (byte)'=';
                break;
            case State.EqualsHex:
                output[o++] = (byte)'=';
                output[o++] = _firstHex;
                break;
        }
        _state = State.Text;
        _whitespaceCount = 0; // trailing whitespace at the very end is padding too
        return o;
    }

    private int FlushWhitespace(byte[] output, int o)
    {
        if (_whitespaceCount > 0)
        {
            Buffer.BlockCopy(_whitespace, 0, output, o, _whitespaceCount);
            o += _whitespaceCount;
            _whitespaceCount = 0;
        }
        return o;
    }

    private static bool IsHex(byte c) => c is >= (byte)'0' and <= (byte)'9' or >= (byte)'A' and <= (byte)'F' or >= (byte)'a' and <= (byte)'f';

    private static int HexValue(byte c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
