namespace Wren.Testing;

/// <summary>
/// Finds the conformance data shared by the projects (<c>../shared/testdata</c> next to the repository, as on CI):
/// the folder is read in place, never copied into the repository.
/// </summary>
public static class TestData
{
    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>The full path of <paramref name="relativePath"/> under <c>shared/testdata</c>, e.g. <c>"spf/rfc7208-tests.yml"</c>.</summary>
    public static string Path(string relativePath) => System.IO.Path.Combine(Root.Value, relativePath);

    private static string FindRoot()
    {
        // Walk up from the test binary to the folder holding Wren.slnx; the data sits beside that checkout.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Wren.slnx")))
            {
                string data = System.IO.Path.GetFullPath(System.IO.Path.Combine(dir.FullName, "..", "shared", "testdata"));
                if (Directory.Exists(data))
                    return data;
                throw new DirectoryNotFoundException($"The shared test data is not at {data}.");
            }
        }
        throw new DirectoryNotFoundException("Wren.slnx not found above " + AppContext.BaseDirectory);
    }
}
