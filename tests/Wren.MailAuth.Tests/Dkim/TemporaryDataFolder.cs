namespace Wren.MailAuth.Tests.Dkim;

/// <summary>A data folder for one test, deleted afterwards.</summary>
internal sealed class TemporaryDataFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("wren-dkim-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
