using System.Buffers;
using System.Globalization;
using System.Text;
using Wren.Mail.Envelopes;
using Wren.Smtp.Protocol;

namespace Wren.Smtp.Client;

public sealed partial class SmtpClient
{
    // Content moves through buffers of this size: a large message never sits in memory whole.
    private const int ContentBufferSize = 64 * 1024;

    /// <summary>
    /// Sends one message: MAIL, every RCPT (pipelined when the server offers PIPELINING), then the content with
    /// DATA (dot-stuffed) or BDAT when the server offers CHUNKING. Every recipient gets its own result. The
    /// session stays usable for the next message whatever the server answered.
    /// </summary>
    /// <param name="envelope">Sender, recipients and parameters (BODY, SMTPUTF8, DSN).</param>
    /// <param name="content">The message exactly as it is to be sent, lines ending with CRLF; read from its current position.</param>
    /// <param name="ct">Cancels the transaction (and leaves the session unusable).</param>
    /// <exception cref="SmtpClientException">The connection failed, or the client refused to send: message larger than the
    /// server's SIZE (5.3.4), SMTPUTF8 needed but not offered (5.6.7), BINARYMIME without server support (5.6.3).</exception>
    public async Task<SmtpTransactionResult> SendAsync(Envelope envelope, Stream content, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(content);
        if (envelope.Recipients.Count == 0)
            throw new ArgumentException("The envelope has no recipients.", nameof(envelope));
        ThrowIfUnusable();

        long? length = content.CanSeek ? content.Length - content.Position : null;
        bool smtpUtf8 = envelope.SmtpUtf8
            || (envelope.Sender is { } s && SmtpCommandLines.NeedsSmtpUtf8(s))
            || envelope.Recipients.Any(r => SmtpCommandLines.NeedsSmtpUtf8(r.Address));
        CheckBeforeMail(envelope, smtpUtf8, length);

        try
        {
            return await TransactAsync(envelope, content, smtpUtf8, length, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not SmtpClientException)
        {
            // The content stream failed, or the caller cancelled, somewhere in the middle: the server's view of the
            // transaction is unknown, so this session cannot go on.
            MarkBroken();
            throw;
        }
    }

    // Refusals the client makes itself, before MAIL, when the server has told enough to know it would refuse.
    private void CheckBeforeMail(Envelope envelope, bool smtpUtf8, long? length)
    {
        // RFC 1870 §6.1: a client that knows the message exceeds the server's SIZE must not send it.
        if (length is { } size && Capabilities.Size is { } max && size > max)
            throw new SmtpClientException($"the message is {size} octets; {_serverName} accepts at most {max} (SIZE)",
                SmtpClientStep.MailFrom, isPermanent: true, enhancedCode: "5.3.4");

        // RFC 6531 §3.2: a message that needs SMTPUTF8 cannot go to a server without it.
        if (smtpUtf8 && !Capabilities.SmtpUtf8)
            throw new SmtpClientException($"the message needs SMTPUTF8 (non-ASCII addresses) and {_serverName} does not offer it",
                SmtpClientStep.MailFrom, isPermanent: true, enhancedCode: "5.6.7");

        // RFC 3030 §3: BODY=BINARYMIME needs BINARYMIME and CHUNKING (BDAT).
        if (envelope.Body == BodyType.BinaryMime && !(Capabilities.BinaryMime && Capabilities.Chunking))
            throw new SmtpClientException($"the message is binary MIME and {_serverName} does not offer BINARYMIME with CHUNKING",
                SmtpClientStep.MailFrom, isPermanent: true, enhancedCode: "5.6.3");
    }

    private async Task<SmtpTransactionResult> TransactAsync(Envelope envelope, Stream content, bool smtpUtf8, long? length, CancellationToken ct)
    {
        string mail = SmtpCommandLines.Mail(envelope, smtpUtf8, length, Capabilities);
        string[] rcpts = envelope.Recipients.Select(r => SmtpCommandLines.Rcpt(r, Capabilities)).ToArray();
        SmtpReply mailReply;
        var rcptReplies = new SmtpReply[rcpts.Length];
        if (Capabilities.Pipelining)
        {
            // RFC 2920 §3.1: MAIL and every RCPT go in one group; the replies come back in order.
            var group = new StringBuilder().Append(mail).Append("\r\n");
            foreach (string rcpt in rcpts)
                group.Append(rcpt).Append("\r\n");
            await WriteAsync(Encoding.UTF8.GetBytes(group.ToString()), SmtpClientStep.MailFrom, _options.CommandTimeout, ct).ConfigureAwait(false);
            mailReply = await ReadReplyAsync(SmtpClientStep.MailFrom, _options.CommandTimeout, ct).ConfigureAwait(false);
            for (int i = 0; i < rcpts.Length; i++)
                rcptReplies[i] = await ReadReplyAsync(SmtpClientStep.RcptTo, _options.CommandTimeout, ct).ConfigureAwait(false);
        }
        else
        {
            mailReply = await CommandAsync(mail, SmtpClientStep.MailFrom, _options.CommandTimeout, ct).ConfigureAwait(false);
            if (mailReply.Code / 100 == 2)
            {
                for (int i = 0; i < rcpts.Length; i++)
                    rcptReplies[i] = await CommandAsync(rcpts[i], SmtpClientStep.RcptTo, _options.CommandTimeout, ct).ConfigureAwait(false);
            }
        }

        if (mailReply.Code / 100 != 2)
        {
            // The whole transaction was refused: every recipient carries the MAIL reply.
            return new SmtpTransactionResult(mailReply, envelope.Recipients.Select(r => new SmtpRecipientResult(r, mailReply)).ToArray(), null);
        }

        bool anyAccepted = rcptReplies.Any(r => r.Code / 100 == 2);
        if (!anyAccepted)
        {
            // RFC 5321 §3.3: with no recipient accepted there is nothing to send; end the transaction.
            await ResetQuietlyAsync(ct).ConfigureAwait(false);
            return Result(envelope, mailReply, rcptReplies, null);
        }

        bool chunked = envelope.Body == BodyType.BinaryMime || (_options.UseChunking && Capabilities.Chunking);
        SmtpReply dataReply = chunked
            ? await SendBdatAsync(content, ct).ConfigureAwait(false)
            : await SendDataAsync(content, ct).ConfigureAwait(false);
        return Result(envelope, mailReply, rcptReplies, dataReply);
    }

    private static SmtpTransactionResult Result(Envelope envelope, SmtpReply mailReply, SmtpReply[] rcptReplies, SmtpReply? dataReply)
    {
        var recipients = new SmtpRecipientResult[rcptReplies.Length];
        for (int i = 0; i < recipients.Length; i++)
        {
            // A recipient refused at RCPT keeps that reply; the accepted ones share the fate of the content.
            SmtpReply reply = rcptReplies[i].Code / 100 == 2 && dataReply is not null ? dataReply : rcptReplies[i];
            recipients[i] = new SmtpRecipientResult(envelope.Recipients[i], reply);
        }
        return new SmtpTransactionResult(mailReply, recipients, dataReply);
    }

    // RFC 5321 §4.1.1.4: DATA, 354, the dot-stuffed content, CRLF.CRLF, the final reply.
    private async Task<SmtpReply> SendDataAsync(Stream content, CancellationToken ct)
    {
        SmtpReply start = await CommandAsync("DATA", SmtpClientStep.Data, _options.DataInitiationTimeout, ct).ConfigureAwait(false);
        if (start.Code != 354)
        {
            await ResetQuietlyAsync(ct).ConfigureAwait(false);
            return start;
        }

        var encoder = new DotStuffingEncoder();
        byte[] input = ArrayPool<byte>.Shared.Rent(ContentBufferSize);
        byte[] output = ArrayPool<byte>.Shared.Rent(DotStuffingEncoder.MaxOutputLength(ContentBufferSize));
        try
        {
            int read;
            while ((read = await content.ReadAsync(input.AsMemory(0, ContentBufferSize), ct).ConfigureAwait(false)) > 0)
            {
                int encoded = encoder.Encode(input.AsSpan(0, read), output);
                await WriteAsync(output.AsMemory(0, encoded), SmtpClientStep.Data, _options.DataBlockTimeout, ct).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(input);
            ArrayPool<byte>.Shared.Return(output);
        }
        await WriteAsync(encoder.Terminator(), SmtpClientStep.Data, _options.DataBlockTimeout, ct).ConfigureAwait(false);

        // RFC 5321 §4.5.3.2.6: the server may take long to commit; wait 10 minutes.
        return await ReadReplyAsync(SmtpClientStep.Data, _options.DataTerminationTimeout, ct).ConfigureAwait(false);
    }

    // RFC 3030 §2: BDAT n CRLF followed by exactly n octets, the last chunk marked LAST; no stuffing.
    private async Task<SmtpReply> SendBdatAsync(Stream content, CancellationToken ct)
    {
        byte[] chunk = ArrayPool<byte>.Shared.Rent(ContentBufferSize);
        try
        {
            while (true)
            {
                // Fill the chunk: a short read does not mean the end, only a read of 0 does.
                int filled = 0;
                int read = 1;
                while (filled < ContentBufferSize && (read = await content.ReadAsync(chunk.AsMemory(filled, ContentBufferSize - filled), ct).ConfigureAwait(false)) > 0)
                    filled += read;
                bool last = read == 0;
                byte[] header = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"BDAT {filled}{(last ? " LAST" : "")}\r\n"));
                byte[] frame = ArrayPool<byte>.Shared.Rent(header.Length + filled);
                try
                {
                    header.CopyTo(frame, 0);
                    Buffer.BlockCopy(chunk, 0, frame, header.Length, filled);
                    await WriteAsync(frame.AsMemory(0, header.Length + filled), SmtpClientStep.Data, _options.DataBlockTimeout, ct).ConfigureAwait(false);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(frame);
                }
                SmtpReply reply = await ReadReplyAsync(SmtpClientStep.Data, last ? _options.DataTerminationTimeout : _options.DataBlockTimeout, ct)
                    .ConfigureAwait(false);
                if (last)
                    return reply;
                if (reply.Code / 100 != 2)
                {
                    // RFC 3030 §2: after a failed BDAT the transaction is in an unknown state; RSET clears it.
                    await ResetQuietlyAsync(ct).ConfigureAwait(false);
                    return reply;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    // RSET whose refusal changes nothing for the caller (the transaction failed already); transport failures still throw.
    private async Task ResetQuietlyAsync(CancellationToken ct) =>
        await CommandAsync("RSET", SmtpClientStep.Reset, _options.CommandTimeout, ct).ConfigureAwait(false);
}
