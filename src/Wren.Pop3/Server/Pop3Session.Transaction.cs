using System.Buffers;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Wren.Pop3.Protocol;
using Wren.Store.Messages;

namespace Wren.Pop3.Server;

public sealed partial class Pop3Session
{
    private const int ReadChunkSize = 16 * 1024;

    // RFC 1939 §5 STAT: count and size of the messages not marked as deleted.
    private void Stat(string argument)
    {
        if (argument.Length > 0)
        {
            Reply(Pop3Replies.SyntaxError);
            return;
        }
        Reply(Pop3Replies.Stat(_maildrop!.LiveCount, _maildrop.LiveSize));
    }

    // RFC 1939 §5 LIST [msg]: sizes in octets as stored (CRLF line ends), before byte-stuffing.
    private void List(string argument)
    {
        Maildrop maildrop = _maildrop!;
        if (argument.Length > 0)
        {
            if (TryGetMessage(argument, out int number))
                Reply(Pop3Replies.ScanListing(number, maildrop[number].Size));
            return;
        }
        WriteLine(Pop3Replies.MaildropSummary(maildrop.LiveCount, maildrop.LiveSize));
        for (int n = 1; n <= maildrop.Count; n++)
        {
            if (!maildrop.IsDeleted(n))
                WriteLine(string.Create(CultureInfo.InvariantCulture, $"{n} {maildrop[n].Size}"));
        }
        WriteLine(".");
    }

    // RFC 1939 §7 UIDL [msg].
    private void Uidl(string argument)
    {
        Maildrop maildrop = _maildrop!;
        if (argument.Length > 0)
        {
            if (TryGetMessage(argument, out int number))
                Reply(Pop3Replies.UniqueIdListing(number, maildrop.UniqueId(number)));
            return;
        }
        WriteLine(Pop3Replies.MaildropSummary(maildrop.LiveCount, maildrop.LiveSize));
        for (int n = 1; n <= maildrop.Count; n++)
        {
            if (!maildrop.IsDeleted(n))
                WriteLine(string.Create(CultureInfo.InvariantCulture, $"{n} {maildrop.UniqueId(n)}"));
        }
        WriteLine(".");
    }

    // RFC 1939 §5 RETR msg.
    private async Task RetrAsync(string argument)
    {
        if (argument.Length == 0)
        {
            Reply(Pop3Replies.SyntaxError);
            return;
        }
        if (TryGetMessage(argument, out int number))
            await SendMessageAsync(number, bodyLines: null);
    }

    // RFC 1939 §7 TOP msg n: the header, the blank line, and the first n lines of the body.
    private async Task TopAsync(string argument)
    {
        string[] parts = argument.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2 || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out long lines))
        {
            Reply(Pop3Replies.SyntaxError);
            return;
        }
        if (TryGetMessage(parts[0], out int number))
            await SendMessageAsync(number, lines);
    }

    // RFC 1939 §5 DELE msg: only marks; the UPDATE state removes.
    private void Dele(string argument)
    {
        if (argument.Length == 0)
        {
            Reply(Pop3Replies.SyntaxError);
            return;
        }
        if (TryGetMessage(argument, out int number))
        {
            _maildrop!.Delete(number);
            Reply(Pop3Replies.Deleted(number));
        }
    }

    // RFC 1939 §5 RSET: every deletion mark is removed.
    private void Rset()
    {
        _maildrop!.Reset();
        Reply(Pop3Replies.MaildropSummary(_maildrop.LiveCount, _maildrop.LiveSize));
    }

    /// <summary>
    /// RFC 1939 §5: a message number is a decimal number between 1 and the number of messages in the
    /// listing, and may not name a message marked as deleted. Replies with the precise -ERR otherwise.
    /// </summary>
    private bool TryGetMessage(string argument, out int number)
    {
        string text = argument.Trim();
        if (text.Length is 0 or > 9 || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out number)
            || number < 1 || number > _maildrop!.Count)
        {
            number = 0;
            Reply(Pop3Replies.NoSuchMessage);
            return false;
        }
        if (_maildrop.IsDeleted(number))
        {
            Reply(Pop3Replies.AlreadyDeleted(number));
            return false;
        }
        return true;
    }

    /// <summary>
    /// Streams a message (or its top, for TOP) as a byte-stuffed multi-line response, reading the stored
    /// content in chunks and flushing as it goes, so a large message never sits in memory whole.
    /// </summary>
    private async Task SendMessageAsync(int number, long? bodyLines)
    {
        MailboxMessage message = _maildrop![number];
        Stream? content = await _context.Mail.OpenMessageAsync(_maildrop.UserId, message.MessageId, _connection.Token);
        if (content is null)
        {
            Reply(Pop3Replies.MessageGone(number)); // expunged by another session (IMAP) since the login
            return;
        }
        await using (content)
        {
            WriteLine(bodyLines is null ? Pop3Replies.MessageFollows(message.Size) : Pop3Replies.TopFollows);
            var encoder = new DotStuffingEncoder(_connection.Output, bodyLines);
            byte[] buffer = ArrayPool<byte>.Shared.Rent(ReadChunkSize);
            try
            {
                while (!encoder.IsDone)
                {
                    int read;
                    try
                    {
                        read = await content.ReadAsync(buffer, _connection.Token);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        // The +OK is out: a -ERR now would be read as message content. Closing is the only honest end.
                        _context.Logger.LogError(ex, "POP3 session {Id}: reading message {MessageId} failed", Info.Id, message.MessageId);
                        throw new IOException("Stored message could not be read", ex);
                    }
                    if (read == 0)
                        break;
                    encoder.Write(buffer.AsSpan(0, read));
                    await FlushIfLargeAsync();
                }
                encoder.Complete();
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
