using System.Reflection;
using System.Runtime.InteropServices;

namespace Wren.Store.Blobs;

/// <summary>
/// Makes a directory's entries durable. Creating a file and fsyncing the file does not make its name
/// durable on POSIX systems: the directory that holds the name must be fsynced too (see fsync(2), "Calling
/// fsync() does not necessarily ensure that the entry in the directory containing the file has also reached
/// disk"). .NET has no API for that, so this calls open(2)/fsync(2) directly. On Windows, NTFS journals
/// metadata and a directory cannot be flushed this way, so it does nothing.
/// </summary>
internal static class DirectorySync
{
    /// <summary>fsync(2)s a directory. Throws <see cref="IOException"/> when the system refuses.</summary>
    public static void Flush(string directory)
    {
        if (OperatingSystem.IsWindows())
            return;
        if (!Native.EnsureResolver())
            throw new InvalidOperationException("libc resolver not set.");
        int fd = Native.open(directory, Native.O_RDONLY);
        if (fd < 0)
            throw new IOException($"Cannot open directory '{directory}' to fsync it (errno {Marshal.GetLastPInvokeError()}).");
        try
        {
            if (Native.fsync(fd) != 0)
                throw new IOException($"fsync of directory '{directory}' failed (errno {Marshal.GetLastPInvokeError()}).");
        }
        finally
        {
            _ = Native.close(fd);
        }
    }

    private static class Native
    {
        public const int O_RDONLY = 0;
        private const string LibC = "libc";

        // "libc" alone resolves only where a development symlink exists; point it at the real library.
        // A static field's initializer runs once, thread-safely, before the field is first read.
        private static readonly bool ResolverSet = SetResolver();

        public static bool EnsureResolver() => ResolverSet;

        private static bool SetResolver()
        {
            NativeLibrary.SetDllImportResolver(typeof(Native).Assembly, Resolve);
            return true;
        }

        private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
        {
            if (name != LibC)
                return IntPtr.Zero;
            string[] candidates = OperatingSystem.IsMacOS() ? ["/usr/lib/libSystem.B.dylib"] : ["libc.so.6", "libc.so"];
            foreach (string candidate in candidates)
            {
                if (NativeLibrary.TryLoad(candidate, out IntPtr handle))
                    return handle;
            }
            return IntPtr.Zero;
        }

        [DllImport(LibC, SetLastError = true)]
        public static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport(LibC, SetLastError = true)]
        public static extern int fsync(int fd);

        [DllImport(LibC, SetLastError = true)]
        public static extern int close(int fd);
    }
}
