using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using Wren.Smtp.Client;

namespace Wren.Cli.Commands;

/// <summary>
/// <c>wren send</c>: builds a MIME message (text, optional HTML alternative, attachments) and submits it to an
/// SMTP server with Wren's SMTP client, as <c>swaks</c> or Python's smtplib would. Needs no data folder.
/// </summary>
public static class SendCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var server = new Option<string>("--server", "-s") { Description = "SMTP server as HOST:PORT (port default: 465 with --tls, else 587)", HelpName = "HOST:PORT", Required = true };
        var startTls = new Option<bool>("--starttls") { Description = "Require STARTTLS (default: STARTTLS when the server offers it)" };
        var tls = new Option<bool>("--tls") { Description = "Implicit TLS from the first byte (port 465, RFC 8314)" };
        var insecure = new Option<bool>("--insecure", "-k") { Description = "Do not verify the server's certificate (self-signed test servers)" };
        var user = new Option<string?>("--user", "-u") { Description = "Authenticate as this user (SCRAM-SHA-256, PLAIN or LOGIN; only over TLS)", HelpName = "USER" };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password for --user from the first line of stdin" };
        var from = new Option<string>("--from", "-f") { Description = "Sender address (From: and MAIL FROM)", HelpName = "ADDRESS", Required = true };
        var to = new Option<string[]>("--to", "-t") { Description = "Recipient (repeatable)", HelpName = "ADDRESS", AllowMultipleArgumentsPerToken = false, Required = true };
        var cc = new Option<string[]>("--cc") { Description = "Copy recipient (repeatable)", HelpName = "ADDRESS" };
        var bcc = new Option<string[]>("--bcc") { Description = "Blind copy recipient (repeatable; not shown in the message)", HelpName = "ADDRESS" };
        var subject = new Option<string>("--subject") { Description = "Subject", Required = true };
        var body = new Option<string?>("--body") { Description = "Plain-text body", HelpName = "TEXT" };
        var bodyFile = new Option<FileInfo?>("--body-file") { Description = "Plain-text body from a UTF-8 file", HelpName = "FILE" };
        var htmlFile = new Option<FileInfo?>("--html-file") { Description = "HTML alternative from a file", HelpName = "FILE" };
        var attach = new Option<FileInfo[]>("--attach", "-a") { Description = "Attach a file (repeatable; content type from its extension)", HelpName = "FILE" };
        var helo = new Option<string?>("--helo") { Description = "Name to give in EHLO (default: this host's name)", HelpName = "NAME" };

        var command = new Command("send", "Compose a message and send it through an SMTP server; exit 0 when every recipient was accepted")
        {
            server, startTls, tls, insecure, user, passwordStdin, from, to, cc, bcc, subject, body, bodyFile, htmlFile, attach, helo,
        };
        command.SetAction((parseResult, cancellationToken) => CommandAction.RunAsync(async () =>
        {
            if (parseResult.GetValue(startTls) && parseResult.GetValue(tls))
                throw new CommandFailedException("--starttls and --tls exclude each other");
            if (parseResult.GetValue(body) is not null && parseResult.GetValue(bodyFile) is not null)
                throw new CommandFailedException("--body and --body-file exclude each other");
            string? userName = parseResult.GetValue(user);
            if (userName is not null && !parseResult.GetValue(passwordStdin))
                throw new CommandFailedException("--user needs the password on stdin: add --password-stdin");

            bool implicitTls = parseResult.GetValue(tls);
            (string host, int port) = ParseServer(parseResult.GetRequiredValue(server), implicitTls ? 465 : 587);
            MimeMessage message = await BuildMessageAsync(
                parseResult.GetRequiredValue(from), parseResult.GetRequiredValue(to), parseResult.GetValue(cc) ?? [], parseResult.GetValue(bcc) ?? [],
                parseResult.GetRequiredValue(subject), parseResult.GetValue(body), parseResult.GetValue(bodyFile), parseResult.GetValue(htmlFile),
                parseResult.GetValue(attach) ?? [], cancellationToken);

            string? password = null;
            if (userName is not null)
            {
                password = await Console.In.ReadLineAsync(cancellationToken);
                if (string.IsNullOrEmpty(password))
                    throw new CommandFailedException("no password on stdin (expected one line)");
            }

            var options = new SmtpClientOptions
            {
                LocalHostName = parseResult.GetValue(helo) ?? LocalHostName(),
                Tls = implicitTls ? SmtpTlsMode.Implicit : parseResult.GetValue(startTls) ? SmtpTlsMode.StartTls : SmtpTlsMode.Opportunistic,
                CertificateValidation = parseResult.GetValue(insecure) ? (_, _, _, _) => true : null,
                ConnectTimeout = TimeSpan.FromSeconds(30),
            };
            return await SendAsync(host, port, options, userName, password, message, cancellationToken);
        }));
        return command;
    }

    private static async Task<int> SendAsync(string host, int port, SmtpClientOptions options, string? user, string? password, MimeMessage message,
        CancellationToken cancellationToken)
    {
        try
        {
            await using SmtpClient client = await SmtpClient.ConnectAsync(host, port, options, cancellationToken);
            if (user is not null)
                await client.AuthenticateAsync(user, password!, cancellationToken);
            SmtpTransactionResult result = await client.SendAsync(message, cancellationToken);
            await client.QuitAsync(cancellationToken);
            return await ReportAsync(result, message);
        }
        catch (SmtpClientException e)
        {
            await Console.Error.WriteLineAsync($"wren: {Describe(e.Step)} failed: {e.Message}");
            return ExitCodes.Failure;
        }
        catch (ArgumentException e)
        {
            throw new CommandFailedException(e.Message);
        }
    }

    // The final reply on stdout; every refusal on stderr with the server's words.
    private static async Task<int> ReportAsync(SmtpTransactionResult result, MimeMessage message)
    {
        if (!result.MailReply.IsPositive)
        {
            await Console.Error.WriteLineAsync($"wren: the server refused the sender {message.From.Mailboxes.First().Address} at MAIL FROM: {result.MailReply}");
            return ExitCodes.Refused;
        }
        foreach (SmtpRecipientResult recipient in result.Recipients.Where(r => !r.Accepted))
        {
            string where = result.DataReply is not null && ReferenceEquals(recipient.Reply, result.DataReply) ? "after the message content" : "at RCPT TO";
            await Console.Error.WriteLineAsync($"wren: recipient {recipient.Recipient.Address} refused {where}: {recipient.Reply}");
        }
        if (result.DataReply is { } final)
            await Console.Out.WriteLineAsync(final.ToString());
        return result.AllAccepted ? ExitCodes.Success : ExitCodes.Refused;
    }

    private static async Task<MimeMessage> BuildMessageAsync(string from, string[] to, string[] cc, string[] bcc, string subject, string? body,
        FileInfo? bodyFile, FileInfo? htmlFile, FileInfo[] attachments, CancellationToken cancellationToken)
    {
        var message = new MimeMessage();
        message.From.Add(Mailbox(from));
        message.To.AddRange(to.Select(Mailbox));
        message.Cc.AddRange(cc.Select(Mailbox));
        message.Bcc.AddRange(bcc.Select(Mailbox));
        message.Subject = subject;
        var builder = new BodyBuilder
        {
            TextBody = bodyFile is not null ? await File.ReadAllTextAsync(bodyFile.FullName, cancellationToken) : body ?? string.Empty,
        };
        if (htmlFile is not null)
            builder.HtmlBody = await File.ReadAllTextAsync(htmlFile.FullName, cancellationToken);
        foreach (FileInfo file in attachments)
        {
            // MimeKit picks the content type from the extension (application/octet-stream when unknown) and base64.
            await builder.Attachments.AddAsync(file.FullName, cancellationToken);
        }
        message.Body = builder.ToMessageBody();
        return message;
    }

    private static MailboxAddress Mailbox(string text) =>
        MailboxAddress.TryParse(text, out MailboxAddress? mailbox) && mailbox.Address.Contains('@')
            ? mailbox
            : throw new CommandFailedException($"'{text}' is not a valid address");

    // HOST, HOST:PORT, [IPv6]:PORT.
    internal static (string Host, int Port) ParseServer(string text, int defaultPort)
    {
        string host = text;
        string? port = null;
        if (text.StartsWith('['))
        {
            int close = text.IndexOf(']');
            if (close < 0)
                throw new CommandFailedException($"'{text}' is not HOST:PORT");
            host = text[1..close];
            if (close + 1 < text.Length)
                port = text[(close + 1)..].TrimStart(':');
        }
        else if (text.Count(c => c == ':') == 1)
        {
            host = text[..text.IndexOf(':')];
            port = text[(text.IndexOf(':') + 1)..];
        }
        if (host.Length == 0)
            throw new CommandFailedException($"'{text}' is not HOST:PORT");
        if (port is null)
            return (host, defaultPort);
        return int.TryParse(port, out int number) && number is > 0 and < 65536
            ? (host, number)
            : throw new CommandFailedException($"'{port}' is not a port number");
    }

    private static string LocalHostName()
    {
        try
        {
            string name = Dns.GetHostName();
            return name.Length > 0 ? name : "localhost";
        }
        catch (SocketException)
        {
            return "localhost";
        }
    }

    private static string Describe(SmtpClientStep step) => step switch
    {
        SmtpClientStep.Connect => "connecting",
        SmtpClientStep.Tls => "TLS",
        SmtpClientStep.Greeting => "the server's greeting",
        SmtpClientStep.Ehlo => "EHLO",
        SmtpClientStep.Authentication => "authentication",
        SmtpClientStep.MailFrom => "MAIL FROM",
        SmtpClientStep.RcptTo => "RCPT TO",
        SmtpClientStep.Data => "sending the message",
        SmtpClientStep.Quit => "QUIT",
        _ => step.ToString(),
    };
}
