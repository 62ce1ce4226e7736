using System.Text;
using Wren.Mail.Summaries;

namespace Wren.Mail.Tests.Summaries;

public sealed class LargeMessageTests
{
    [Fact]
    public void A_50_MB_message_is_summarized_and_decoded_in_bounded_memory()
    {
        string path = Path.Combine(Path.GetTempPath(), "wren-large-" + Guid.NewGuid().ToString("N") + ".eml");
        try
        {
            const int lines = 50 * 1024 * 1024 / 78;
            using (var writer = new StreamWriter(path, false, Encoding.ASCII) { NewLine = "\r\n" })
            {
                writer.WriteLine("Subject: big");
                writer.WriteLine("Content-Type: multipart/mixed; boundary=b");
                writer.WriteLine();
                writer.WriteLine("--b");
                writer.WriteLine("Content-Type: text/plain");
                writer.WriteLine();
                writer.WriteLine("see attachment");
                writer.WriteLine("--b");
                writer.WriteLine("Content-Type: application/octet-stream");
                writer.WriteLine("Content-Transfer-Encoding: base64");
                writer.WriteLine();
                string line = new('A', 76);
                for (int i = 0; i < lines; i++)
                    writer.WriteLine(line);
                writer.WriteLine("--b--");
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
            long before = GC.GetAllocatedBytesForCurrentThread();
            MessageSummary summary = MessageSummary.Build(stream);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            BodyPart attachment = summary.Body.Parts[1];
            Assert.Equal(lines * 78L - 2, attachment.Body.Length);
            Assert.Equal(lines * 57L, attachment.DecodedSize);
            Assert.True(allocated < 8 * 1024 * 1024, $"allocated {allocated} bytes");

            Assert.True(MessageSection.TryResolveBinary(summary, [2], out ResolvedSection section));
            before = GC.GetAllocatedBytesForCurrentThread();
            using Stream decoded = section.OpenBinary(stream);
            var buffer = new byte[8192];
            long total = 0;
            int read;
            while ((read = decoded.Read(buffer)) > 0)
                total += read;
            Assert.Equal(section.DecodedSize, total);
            Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1024 * 1024);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
