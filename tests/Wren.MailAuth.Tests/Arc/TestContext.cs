namespace Wren.MailAuth.Tests.Arc;

/// <summary>A token for async calls in tests: cancels after a generous bound so a hung test fails instead of blocking.</summary>
internal static class TestContext
{
    /// <summary>A fresh token cancelled after 30 seconds.</summary>
    public static CancellationToken Cancellation => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;
}
