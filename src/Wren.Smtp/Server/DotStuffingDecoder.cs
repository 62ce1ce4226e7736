using System.Buffers;

namespace Wren.Smtp.Server;

/// <summary>
/// Decodes the DATA stream byte by byte (RFC 5321 §4.1.1.4 and §4.5.2): removes the leading dot of a
/// stuffed line and finds the end of data, which is exactly CRLF "." CRLF — never LF "." LF or CR "." CR,
/// so no client can make the server see two messages where a relay saw one (SMTP smuggling). Bare CR and
/// bare LF are passed through and reported, and the session refuses such a message.
/// Works on any split of the input: a CRLF or the final dot may straddle two reads.
/// </summary>
internal sealed class DotStuffingDecoder
{
    private enum State
    {
        // The previous bytes were CRLF (or the DATA command's CRLF): a '.' here is special.
        LineStart,
        // CRLF '.' seen: a CRLF next ends the data; anything else means the dot was stuffing.
        Dot,
        // CRLF '.' CR seen.
        DotCr,
        // Inside a line.
        Middle,
        // A CR inside a line: LF makes it a line end, anything else makes it bare.
        Cr,
    }

    private static readonly byte[] CrLf = "\r\n"u8.ToArray();
    private State _state = State.LineStart;

    /// <summary>True once a CR not followed by LF, or an LF not preceded by CR, was seen.</summary>
    public bool SawBareLineEnding { get; private set; }

    /// <summary>Decoded bytes produced so far.</summary>
    public long DecodedLength { get; private set; }

    /// <summary>
    /// Decodes <paramref name="input"/> into <paramref name="output"/>. Returns true when the end-of-data
    /// marker was found; <paramref name="consumed"/> is then the number of input bytes up to and including it.
    /// </summary>
    public bool Decode(ReadOnlySpan<byte> input, IBufferWriter<byte> output, out int consumed)
    {
        int i = 0;
        while (i < input.Length)
        {
            switch (_state)
            {
                case State.Middle:
                {
                    ReadOnlySpan<byte> rest = input[i..];
                    int stop = rest.IndexOfAny((byte)'\r', (byte)'\n');
                    if (stop < 0)
                    {
                        Emit(output, rest);
                        i = input.Length;
                        break;
                    }
                    Emit(output, rest[..stop]);
                    i += stop;
                    if (input[i] == '\r')
                    {
                        _state = State.Cr;
                    }
                    else
                    {
                        SawBareLineEnding = true;
                        Emit(output, "\n"u8);
                    }
                    i++;
                    break;
                }
                case State.Cr:
                    if (input[i] == '\n')
                    {
                        Emit(output, CrLf);
                        _state = State.LineStart;
                        i++;
                    }
                    else
                    {
                        // The byte after a bare CR is looked at again as line content.
                        SawBareLineEnding = true;
                        Emit(output, "\r"u8);
                        _state = State.Middle;
                    }
                    break;
                case State.LineStart:
                    if (input[i] == '.')
                    {
                        _state = State.Dot;
                        i++;
                    }
                    else
                    {
                        _state = State.Middle;
                    }
                    break;
                case State.Dot:
                    if (input[i] == '\r')
                    {
                        _state = State.DotCr;
                        i++;
                    }
                    else
                    {
                        // RFC 5321 §4.5.2: a line starting with a dot had one added; drop it.
                        _state = State.Middle;
                    }
                    break;
                case State.DotCr:
                    if (input[i] == '\n')
                    {
                        consumed = i + 1;
                        return true;
                    }
                    SawBareLineEnding = true;
                    Emit(output, "\r"u8);
                    _state = State.Middle;
                    break;
            }
        }
        consumed = input.Length;
        return false;
    }

    private void Emit(IBufferWriter<byte> output, ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
            return;
        output.Write(bytes);
        DecodedLength += bytes.Length;
    }
}
