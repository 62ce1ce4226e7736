using Wren.Testing;
using Xunit.Abstractions;

namespace Wren.Mail.Tests.Summaries;

/// <summary>
/// The FETCH expectations of Dovecot's imaptest scripts about message contents (ENVELOPE, BODY, sections,
/// BINARY) checked against Wren's summaries, writers and section resolver, without a server.
/// </summary>
public sealed class ImaptestExpectationTests(ITestOutputHelper output)
{
    public static TheoryData<string> Scripts() =>
    [
        "fetch-bodystructure",
        "fetch-envelope",
        "fetch-body",
        "fetch-body-message-rfc822",
        "fetch-body-message-rfc822-mime",
        "fetch-body-message-rfc822-x2",
        "fetch-body-mime",
        "fetch-binary-mime",
        "fetch-binary-mime-base64",
        "fetch-binary-mime-qp",
    ];

    [Theory]
    [MemberData(nameof(Scripts))]
    public void Fetch_replies_match_the_script(string name)
    {
        string path = TestData.Path("imaptest-scripts/" + name);
        ImaptestScript script = ImaptestScript.Load(path);
        string mbox = File.Exists(path + ".mbox") ? path + ".mbox" : TestData.Path("imaptest-scripts/default.mbox");
        var emulator = new FetchEmulator(MboxReader.ReadMessages(mbox));
        var variables = new Dictionary<string, ImapValue>(StringComparer.OrdinalIgnoreCase);
        var failures = new List<string>();
        int matched = 0;

        foreach (ImaptestScript.Command command in script.Commands)
        {
            if (!command.Text.Contains(" fetch ", StringComparison.OrdinalIgnoreCase))
                continue;
            foreach (ImaptestScript.Expectation expectation in command.Expectations)
            {
                List<ImapValue> reply = ImapValue.ParseAll(expectation.Reply);
                int sequence = int.Parse(reply[0].Text, System.Globalization.CultureInfo.InvariantCulture);
                IReadOnlyList<ImapValue> items = reply[2].Items.SkipWhile(i => i.Text.StartsWith("$!", StringComparison.Ordinal)).ToList();
                var mismatches = new List<string>();
                int compared = 0;
                for (int i = 0; i + 1 < items.Count; i += 2)
                {
                    string key = items[i].Text;
                    ImapValue? actual = emulator.Fetch(sequence, key, command.Text);
                    if (actual is null)
                        continue;
                    compared++;
                    bool exactCase = key.Contains('[', StringComparison.Ordinal) || key.StartsWith("rfc822", StringComparison.OrdinalIgnoreCase);
                    if (!ImapValueMatcher.Matches(items[i + 1], actual, exactCase, variables))
                        mismatches.Add($"{key}: expected {items[i + 1]}\n   but Wren sends {actual}");
                }
                if (compared == 0)
                    continue;
                if (expectation.MustExist && mismatches.Count > 0)
                    failures.Add($"{command.Text}\n * {string.Join("\n * ", mismatches)}");
                else if (!expectation.MustExist && mismatches.Count == 0)
                    failures.Add($"{command.Text}\n forbidden reply matched: {expectation.Reply}");
                else
                    matched++;
            }
        }

        output.WriteLine($"{name}: {matched} expectations matched");
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
        Assert.True(matched > 0, "no expectation was checked");
    }
}
