namespace Wren.Interop.Tests.Infrastructure;

/// <summary>
/// One shared server for a test class, with users alice@ and bob@example.test and small limits so the
/// limit replies are cheap to reach: 100 KB messages, 5 recipients.
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public const long MaxMessageSize = 100_000;
    public const int MaxRecipients = 5;

    public WrenServerProcess Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await WrenServerProcess.StartAsync(settings: new Dictionary<string, string>
        {
            ["WREN__SMTP__MAXMESSAGESIZE"] = MaxMessageSize.ToString(),
            ["WREN__SMTP__MAXRECIPIENTS"] = MaxRecipients.ToString(),
        });
        await Server.AddUsersAsync("alice@example.test", "bob@example.test", "carol@example.test");
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
