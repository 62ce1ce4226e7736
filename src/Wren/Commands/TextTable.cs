using System.Text;

namespace Wren.Cli.Commands;

/// <summary>
/// A plain-text table for list commands: a header row, then one row per item, columns padded to their widest
/// cell and separated by two spaces; right-aligned columns for numbers.
/// </summary>
public sealed class TextTable
{
    private readonly string[] _headers;
    private readonly bool[] _rightAligned;
    private readonly List<string[]> _rows = [];

    /// <summary>A table with these column headers; a header starting with <c>&gt;</c> marks a right-aligned column (the mark is not printed).</summary>
    public TextTable(params string[] headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        _rightAligned = [.. headers.Select(h => h.StartsWith('>'))];
        _headers = [.. headers.Select(h => h.TrimStart('>'))];
    }

    /// <summary>Adds a row; it must have one cell per column.</summary>
    public void Add(params string[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Length != _headers.Length)
            throw new ArgumentException($"expected {_headers.Length} cells, got {cells.Length}", nameof(cells));
        _rows.Add(cells);
    }

    /// <summary>The rows added so far.</summary>
    public int Count => _rows.Count;

    /// <summary>The table as text, each line ending with a newline; trailing spaces trimmed.</summary>
    public override string ToString()
    {
        int[] widths = [.. _headers.Select((h, i) => _rows.Select(r => r[i].Length).Append(h.Length).Max())];
        var text = new StringBuilder();
        foreach (string[] row in _rows.Prepend(_headers))
        {
            var line = new StringBuilder();
            for (int i = 0; i < row.Length; i++)
            {
                if (i > 0)
                    line.Append("  ");
                line.Append(_rightAligned[i] ? row[i].PadLeft(widths[i]) : row[i].PadRight(widths[i]));
            }
            text.Append(line.ToString().TrimEnd()).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>Cuts <paramref name="text"/> to <paramref name="width"/> characters, ending with "…" when cut; control characters become spaces.</summary>
    public static string Fit(string? text, int width)
    {
        string clean = new((text ?? "").Select(c => char.IsControl(c) ? ' ' : c).ToArray());
        return clean.Length <= width ? clean : string.Concat(clean.AsSpan(0, width - 1), "…");
    }
}
