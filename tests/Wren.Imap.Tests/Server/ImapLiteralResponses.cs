using System.Text;
using System.Text.RegularExpressions;

namespace Wren.Imap.Tests.Server;

/// <summary>Reads responses that carry literals (FETCH): each response whole, its literals inline as Latin-1.</summary>
internal static partial class ImapLiteralResponses
{
    /// <summary>Sends the command and returns each response up to the tagged one, literals included (<c>{n}\r\n…</c>).</summary>
    public static async Task<List<string>> CommandWithLiteralsAsync(this ImapTestClient client, string tag, string command)
    {
        await client.WriteAsync($"{tag} {command}\r\n");
        return await client.ReadResponsesAsync(tag);
    }

    /// <summary>Reads responses up to the one tagged <paramref name="tag"/>, literals included.</summary>
    public static async Task<List<string>> ReadResponsesAsync(this ImapTestClient client, string tag)
    {
        var responses = new List<string>();
        while (true)
        {
            var response = new StringBuilder();
            string line = await client.ReadLineAsync() ?? throw new IOException("Connection closed; got:\n" + string.Join("\n", responses));
            response.Append(line);
            while (LiteralAtEnd().Match(line) is { Success: true } match)
            {
                byte[] literal = await client.ReadBytesAsync(long.Parse(match.Groups[1].Value));
                response.Append("\r\n").Append(Encoding.Latin1.GetString(literal));
                line = await client.ReadLineAsync() ?? throw new IOException("Connection closed after a literal");
                response.Append(line);
            }
            responses.Add(response.ToString());
            if (line.StartsWith(tag + " ", StringComparison.Ordinal) && responses[^1] == line)
                return responses;
        }
    }

    [GeneratedRegex(@"~?\{(\d+)\}$")]
    private static partial Regex LiteralAtEnd();
}
