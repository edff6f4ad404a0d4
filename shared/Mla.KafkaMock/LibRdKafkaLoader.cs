using System.Reflection;
using System.Runtime.InteropServices;

namespace Mla.KafkaMock;

/// <summary>
/// Loads librdkafka from the librdkafka.redist package and resolves this assembly's P/Invokes to it.
/// On Debian the package's <c>linux-x64/native/librdkafka.so</c> does not load (it links <c>libsasl2.so.3</c>, a
/// RHEL name); <c>centos8-librdkafka.so</c> needs only glibc, so both are tried, in that order. Confluent.Kafka
/// does the same fallback for itself, so both end up on the same file.
/// </summary>
internal static class LibRdKafkaLoader
{
    private static readonly Lock Gate = new();
    private static nint _handle;

    /// <summary>Loads the library once and registers the resolver; throws <see cref="DllNotFoundException"/>.</summary>
    internal static void EnsureLoaded()
    {
        lock (Gate)
        {
            if (_handle != 0)
            {
                return;
            }

            var handle = Load();
            NativeLibrary.SetDllImportResolver(typeof(LibRdKafkaLoader).Assembly, Resolve);
            _handle = handle;
        }
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName == LibRdKafkaNative.LibraryName ? _handle : 0;

    private static nint Load()
    {
        var tried = new List<string>();
        foreach (var path in CandidatePaths())
        {
            if (!File.Exists(path))
            {
                tried.Add($"{path} (not found)");
                continue;
            }

            try
            {
                return NativeLibrary.Load(path);
            }
            catch (DllNotFoundException ex)
            {
                // The last line of the message is the loader's own reason (dlerror).
                var reason = ex.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
                tried.Add($"{path} ({reason})");
            }
        }

        // Elsewhere (osx, windows) the host's own probing of the package's runtimes/ assets finds the library.
        if (!OperatingSystem.IsLinux())
        {
            if (NativeLibrary.TryLoad(LibRdKafkaNative.LibraryName, typeof(LibRdKafkaLoader).Assembly, null, out var handle))
            {
                return handle;
            }

            tried.Add($"'{LibRdKafkaNative.LibraryName}' by the default probing");
        }

        throw new DllNotFoundException(
            "Could not load librdkafka from the librdkafka.redist package. Tried: " + string.Join("; ", tried));
    }

    private static IEnumerable<string> CandidatePaths()
    {
        if (!OperatingSystem.IsLinux())
        {
            return [];
        }

        var (rid, fileNames) = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => ("linux-x64", new[] { "librdkafka.so", "centos8-librdkafka.so" }),
            Architecture.Arm64 => ("linux-arm64", new[] { "librdkafka.so" }),
            _ => ("", Array.Empty<string>()),
        };

        // A RID-specific publish puts the files next to the app; a portable build keeps them under runtimes/.
        // The assembly's own folder differs from the app's when a test runner or host loads it from elsewhere.
        string?[] baseDirectories = [AppContext.BaseDirectory, Path.GetDirectoryName(typeof(LibRdKafkaLoader).Assembly.Location)];
        var directories = baseDirectories
            .Where(d => !string.IsNullOrEmpty(d))
            .SelectMany(d => new[] { d!, Path.Combine(d!, "runtimes", rid, "native") })
            .Select(d => Path.TrimEndingDirectorySeparator(Path.GetFullPath(d)))
            .Distinct(StringComparer.Ordinal);

        return fileNames.SelectMany(file => directories.Select(directory => Path.Combine(directory, file)));
    }
}
