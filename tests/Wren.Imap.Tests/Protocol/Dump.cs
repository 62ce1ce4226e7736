using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;
using Wren.Imap.Protocol;

namespace Wren.Imap.Tests.Protocol;

/// <summary>A deep, stable text form of parse results, to compare results of differently split input.</summary>
internal static class Dump
{
    public static string Of(ReadOutcome outcome) =>
        string.Join("\n", outcome.Results.Select(Of)) + "\n" + string.Join("\n", outcome.Messages.Select(Convert.ToHexString));

    public static string Of(ImapReadResult result) => result.Command is { } c ? Of(c) : "ERROR " + result.Error;

    public static string Of(object? value)
    {
        var sb = new StringBuilder();
        Write(sb, value);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, object? value)
    {
        switch (value)
        {
            case null:
                sb.Append("null");
                return;
            case string s:
                sb.Append('"').Append(s).Append('"');
                return;
            case byte[] bytes:
                sb.Append(Convert.ToHexString(bytes));
                return;
            case ImapSequenceSet set:
                sb.Append(set);
                return;
            case IFormattable f:
                sb.Append(f.ToString(null, CultureInfo.InvariantCulture));
                return;
            case bool b:
                sb.Append(b);
                return;
            case IEnumerable items:
                sb.Append('[');
                foreach (object? item in items)
                {
                    Write(sb, item);
                    sb.Append(',');
                }
                sb.Append(']');
                return;
        }
        Type type = value.GetType();
        sb.Append(type.Name).Append('{');
        foreach (PropertyInfo p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0).OrderBy(p => p.Name))
        {
            if (p.Name == "EqualityContract")
                continue;
            sb.Append(p.Name).Append('=');
            Write(sb, p.GetValue(value));
            sb.Append(';');
        }
        sb.Append('}');
    }
}
