using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using MimeKit.Utils;
using Wren.Mail.Envelopes;
using Wren.Smtp.Protocol;

namespace Wren.Smtp.Server;

public sealed partial class SmtpSession
{
    // Decoded bytes are handed to the store in chunks of about this size: bounded memory per session.
    private const int WriteChunkSize = 64 * 1024;

    // RFC 5321 §4.1.1.4
    private async Task DataAsync(string argument)
    {
        if (await CheckReadyForContentAsync() is not { } transaction)
            return;
        if (argument.Trim().Length > 0)
        {
            await ReplyAsync(SmtpReplies.SyntaxError);
            return;
        }
        if (transaction.ChunkedMessage is not null || transaction.Envelope.Body == BodyType.BinaryMime)
        {
            // RFC 3030 §3: BINARYMIME content cannot be sent with DATA, nor can DATA follow BDAT.
            await ReplyAsync(SmtpReplies.DataAfterBdat);
            return;
        }
        Envelope envelope = transaction.CompleteEnvelope();
        await using IncomingMessage message = await _context.Handler.BeginMessageAsync(Info, envelope, _connection.Token);
        Stream target = await StartContentAsync(message, envelope);
        await ReplyAsync(SmtpReplies.StartMailInput);

        var decoder = new DotStuffingDecoder();
        var decoded = new ArrayBufferWriter<byte>(WriteChunkSize + 4096);
        bool tooBig = false;
        while (true)
        {
            ReadResult result = await _connection.ReadAsync(_options.DataTimeout);
            ReadOnlySequence<byte> buffer = result.Buffer;
            bool ended = false;
            long consumedTotal = 0;
            foreach (ReadOnlyMemory<byte> segment in buffer)
            {
                ended = decoder.Decode(segment.Span, decoded, out int consumed);
                consumedTotal += consumed;
                if (ended)
                    break;
            }
            _connection.Consume(buffer.GetPosition(consumedTotal), needMore: !ended);
            // RFC 1870 §6.3: past the limit, keep reading to the end of data, store nothing more, then 552.
            tooBig |= decoder.DecodedLength > _options.MaxMessageSize;
            if (tooBig)
                decoded.Clear();
            else if (decoded.WrittenCount >= WriteChunkSize || ended)
            {
                await target.WriteAsync(decoded.WrittenMemory, _connection.Token);
                decoded.Clear();
            }
            if (ended)
                break;
            if (result.IsCompleted)
                throw new IOException("Connection closed during DATA");
        }
        await ResetTransactionAsync();
        if (tooBig)
            await ReplyAsync(SmtpReplies.MessageTooBig);
        else if (decoder.SawBareLineEnding)
            await ReplyAsync(SmtpReplies.BareLineEnding);
        else
            await ReplyAsync(await FinishContentAsync(message, target));
    }

    // RFC 3030 §2: BDAT <size> [LAST]
    private async Task BdatAsync(string argument)
    {
        string[] parts = argument.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is 0 or > 2 || parts[0].Length > 18 || !parts[0].All(char.IsAsciiDigit)
            || (parts.Length == 2 && !parts[1].Equals("LAST", StringComparison.OrdinalIgnoreCase)))
        {
            // Without a chunk size the chunk cannot be told apart from commands: end the session.
            await ReplyAsync(SmtpReplies.SyntaxError);
            _quit = true;
            return;
        }
        long size = long.Parse(parts[0]);
        bool last = parts.Length == 2;

        // RFC 3030 §2: the chunk is always read, even when the command is refused.
        SmtpTransaction? transaction = Transaction;
        SmtpReply? refusal = null;
        if (transaction is null)
            refusal = Info.HeloName is null ? SmtpReplies.HeloFirst : SmtpReplies.MailFirst;
        else if (transaction.Recipients.Count == 0)
            refusal = transaction.RecipientAttempts > 0 ? SmtpReplies.NoValidRecipients : SmtpReplies.RcptFirst;
        if (refusal is not null)
        {
            await CopyChunkAsync(size, null);
            await ReplyAsync(refusal);
            return;
        }

        if (transaction!.ChunkedMessage is null)
        {
            Envelope envelope = transaction.CompleteEnvelope();
            transaction.ChunkedMessage = await _context.Handler.BeginMessageAsync(Info, envelope, _connection.Token);
            transaction.ChunkTarget = await StartContentAsync(transaction.ChunkedMessage, envelope);
        }
        transaction.ChunkedLength += size;
        if (transaction.ChunkedLength > _options.MaxMessageSize)
        {
            await CopyChunkAsync(size, null);
            await ResetTransactionAsync();
            await ReplyAsync(SmtpReplies.MessageTooBig);
            return;
        }
        await CopyChunkAsync(size, transaction.ChunkTarget);
        if (!last)
        {
            await ReplyAsync(new SmtpReply(250, "2.0.0", $"{size} octets received"));
            return;
        }
        IncomingMessage message = transaction.ChunkedMessage;
        Stream target = transaction.ChunkTarget!;
        transaction.ChunkedMessage = null;
        await using (message)
        {
            await ResetTransactionAsync();
            await ReplyAsync(await FinishContentAsync(message, target));
        }
    }

    /// <summary>Reads exactly <paramref name="size"/> bytes of a BDAT chunk into <paramref name="target"/> (or discards them).</summary>
    private async Task CopyChunkAsync(long size, Stream? target)
    {
        long remaining = size;
        while (remaining > 0)
        {
            ReadResult result = await _connection.ReadAsync(_options.DataTimeout);
            ReadOnlySequence<byte> buffer = result.Buffer;
            ReadOnlySequence<byte> take = buffer.Slice(0, Math.Min(remaining, buffer.Length));
            if (target is not null)
            {
                foreach (ReadOnlyMemory<byte> segment in take)
                    await target.WriteAsync(segment, _connection.Token);
            }
            remaining -= take.Length;
            _connection.Consume(take.End, needMore: remaining > 0);
            if (remaining > 0 && result.IsCompleted)
                throw new IOException("Connection closed during BDAT");
        }
    }

    /// <summary>The transaction, if DATA/BDAT may start now; otherwise replies with the reason and returns null.</summary>
    private async ValueTask<SmtpTransaction?> CheckReadyForContentAsync()
    {
        if (Transaction is null)
        {
            await ReplyAsync(Info.HeloName is null ? SmtpReplies.HeloFirst : SmtpReplies.MailFirst);
            return null;
        }
        if (Transaction.Recipients.Count == 0)
        {
            await ReplyAsync(Transaction.RecipientAttempts > 0 ? SmtpReplies.NoValidRecipients : SmtpReplies.RcptFirst);
            return null;
        }
        return Transaction;
    }

    /// <summary>
    /// Writes the Received header and returns the stream the content goes to: the message itself, or, for
    /// authenticated submission, a filter that adds a missing Date and Message-ID (RFC 6409 §8).
    /// </summary>
    private async Task<Stream> StartContentAsync(IncomingMessage message, Envelope envelope)
    {
        string? single = envelope.Recipients.Count == 1 ? envelope.Recipients[0].Address.ToString() : null;
        string received = ReceivedHeader.Build(Info, _options.Hostname, envelope.SmtpUtf8, single, _context.Time.GetLocalNow());
        await message.Content.WriteAsync(Encoding.UTF8.GetBytes(received), _connection.Token);
        if (Info.AuthenticatedUser is null)
            return message.Content;
        return new SubmissionHeaderCompleter(
            message.Content,
            () => "<" + Guid.NewGuid().ToString("N") + "@" + _options.Hostname + ">",
            () => DateUtils.FormatDate(_context.Time.GetLocalNow()));
    }

    private async Task<SmtpReply> FinishContentAsync(IncomingMessage message, Stream target)
    {
        await target.FlushAsync(_connection.Token);
        // Once the data is in, the commit runs to its end even during shutdown, so a stored message gets its 250.
        return await message.CommitAsync(CancellationToken.None);
    }
}
