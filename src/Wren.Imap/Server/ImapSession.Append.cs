using Microsoft.Extensions.Logging;
using Wren.Imap.Protocol;
using Wren.Imap.Server.Mailboxes;
using Wren.Mail.Summaries;
using Wren.Store.Messages;

namespace Wren.Imap.Server;

// RFC 9051 §6.3.12 APPEND with RFC 4315 APPENDUID, RFC 3516 literal8, RFC 6855 §4 UTF8 (literal8), RFC 7889
// APPENDLIMIT and RFC 9208 quota. The message is streamed from the connection into the store's spool (read back
// from there for its summary), never held whole in memory. Whatever can be refused before the
// message is sent is refused first: a synchronizing literal is then never sent at all.
public sealed partial class ImapSession
{
    private const int AppendCopyBuffer = 64 * 1024;

    private async Task AppendAsync(AppendCommand command)
    {
        long length = command.Message.Length;
        // RFC 9051 §6.4.6 (flags as in STORE): an unknown system flag is a protocol error.
        if (!ImapFlags.TryParse(command.Flags, out MessageFlags flags, out List<string> keywords, out string? invalid))
        {
            await RejectAppendMessageAsync();
            _out.Tagged(command.Tag, ImapCondition.Bad, null, $"Invalid flag {invalid}");
            return;
        }
        // RFC 9051 §6.3.12: a target that does not exist is NO [TRYCREATE].
        if (await Mailboxes.GetStatusAsync(UserId, command.Mailbox, Token) is null)
        {
            await RejectAppendMessageAsync();
            _out.Tagged(command.Tag, ImapCondition.No, ImapResponseCodes.TryCreate, "No such mailbox; CREATE it first");
            return;
        }
        // RFC 7889 §3 / RFC 9051 §7.1 TOOBIG (the reader refuses larger literals already; this keeps the rule here too).
        if (length > _limits.MaxAppendSize)
        {
            await RejectAppendMessageAsync();
            _out.Tagged(command.Tag, ImapCondition.No, "TOOBIG", $"Message larger than the {_limits.MaxAppendSize} octets allowed");
            return;
        }
        if (length == 0)
        {
            await RejectAppendMessageAsync();
            _out.Tagged(command.Tag, ImapCondition.No, null, "An empty message cannot be stored");
            return;
        }
        // RFC 9208 §4.2: over quota is NO [OVERQUOTA]; known before the message is sent (the store checks again).
        if (await Mailboxes.GetQuotaAsync(UserId, Token) is { } quota && WouldExceed(quota, length) is { } resource)
        {
            await RejectAppendMessageAsync();
            _out.Tagged(command.Tag, ImapCondition.No, ImapResponseCodes.OverQuota, $"The message would exceed your {resource} quota");
            return;
        }

        MessageSpool spool = _context.Mail.CreateSpool();
        bool hasNul = false;
        try
        {
            ImapCommandError? error;
            try
            {
                Stream message = await _reader.OpenAppendMessageAsync(Token);
                byte[] buffer = new byte[AppendCopyBuffer];
                int read;
                while ((read = await message.ReadAsync(buffer, Token)) > 0)
                {
                    await spool.Content.WriteAsync(buffer.AsMemory(0, read), Token);
                    hasNul |= command.Message.IsBinary && BinaryContentEncoder.HasNul(buffer.AsSpan(0, read));
                }
                error = await _reader.CompleteAppendAsync(Token);
            }
            finally
            {
                StopAutologoutTimer();
            }
            if (error is not null)
            {
                AnswerRefused(error);
                return;
            }

            if (hasNul)
            {
                MessageSpool encoded = await EncodeBinaryPartsAsync(spool);
                await spool.DisposeAsync();
                spool = encoded;
            }
            string? summary = await SummarizeAsync(spool);
            var request = new AppendRequest(spool, flags, keywords, command.InternalDate ?? _context.Time.GetLocalNow()) { Summary = summary };
            AppendResult result;
            try
            {
                result = await Mailboxes.AppendAsync(UserId, command.Mailbox, request, Token);
            }
            catch (QuotaExceededException ex)
            {
                _out.Tagged(command.Tag, ImapCondition.No, ImapResponseCodes.OverQuota, $"The message would exceed your {ex.Resource} quota");
                return;
            }
            catch (MailStoreException ex) when (ex.Error == MailStoreError.InvalidKeyword)
            {
                _out.Tagged(command.Tag, ImapCondition.Bad, null, ex.Message);
                return;
            }
            catch (MailStoreException ex)
            {
                // The mailbox went away while the message was sent: still [TRYCREATE] (RFC 9051 §6.3.12).
                string? code = ex.Error == MailStoreError.NonExistent ? ImapResponseCodes.TryCreate : ImapResponseCodes.For(ex.Error);
                _out.Tagged(command.Tag, ImapCondition.No, code, ex.Message);
                return;
            }
            // RFC 4315 §3 APPENDUID; a message appended to the selected mailbox is announced (EXISTS) first.
            CompleteOk(command, $"APPENDUID {result.UidValidity} {result.Uid}", "APPEND completed");
        }
        finally
        {
            await spool.DisposeAsync();
        }
    }

    /// <summary>A new spool holding the message with its NUL-bearing parts base64-encoded (see <see cref="BinaryContentEncoder"/>).</summary>
    private async Task<MessageSpool> EncodeBinaryPartsAsync(MessageSpool spool)
    {
        MessageSpool encoded = _context.Mail.CreateSpool();
        try
        {
            await using Stream content = spool.OpenRead();
            await BinaryContentEncoder.EncodeAsync(content, encoded, Token);
            return encoded;
        }
        catch
        {
            await encoded.DisposeAsync();
            throw;
        }
    }

    /// <summary>The RFC 9208 resource a message of <paramref name="length"/> octets would take over its limit, or null.</summary>
    private static string? WouldExceed(QuotaUsage quota, long length)
    {
        if (quota.Limits.StorageBytes is long storage && quota.StorageBytes + length > storage)
            return QuotaExceededException.Storage;
        if (quota.Limits.Messages is long messages && quota.Messages + 1 > messages)
            return QuotaExceededException.MessageCount;
        return null;
    }

    /// <summary>
    /// The stored form of the message's summary (see <see cref="StoredSummary"/>); null when it cannot be built,
    /// and FETCH then builds it from the stored content.
    /// </summary>
    private async Task<string?> SummarizeAsync(MessageSpool spool)
    {
        try
        {
            await using Stream content = spool.OpenRead();
            return StoredSummary.Encode(await MessageSummary.BuildAsync(content, Token));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _context.Logger.LogWarning(ex, "IMAP session {Id}: no summary for an APPEND message", Info.Id);
            return null;
        }
    }
}
