using System.Text;

namespace Wren.Smtp.Protocol;

/// <summary>
/// One SMTP reply: a three-digit code (RFC 5321 §4.2), an enhanced status code (RFC 3463, carried per
/// RFC 2034) and human-readable text, possibly several lines.
/// </summary>
public sealed record SmtpReply(int Code, string? EnhancedCode, string Text)
{
    /// <summary>True for 2xx and 3xx replies.</summary>
    public bool IsPositive => Code < 400;

    /// <summary>True for 5xx replies.</summary>
    public bool IsPermanentFailure => Code >= 500;

    /// <summary>Lines of text (the text split on LF).</summary>
    public IEnumerable<string> Lines => Text.Split('\n');

    /// <summary>Formats the reply for the wire: every line prefixed by the code, continuation lines with '-'.</summary>
    public string ToWire()
    {
        var sb = new StringBuilder();
        string[] lines = Text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            sb.Append(Code).Append(i == lines.Length - 1 ? ' ' : '-');
            if (EnhancedCode is not null)
                sb.Append(EnhancedCode).Append(' ');
            sb.Append(lines[i]).Append("\r\n");
        }
        return sb.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => EnhancedCode is null ? $"{Code} {Text}" : $"{Code} {EnhancedCode} {Text}";
}
