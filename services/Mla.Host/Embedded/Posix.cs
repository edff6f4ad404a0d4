using System.Runtime.InteropServices;

namespace Mla.Host.Embedded;

/// <summary>kill(2): .NET can only SIGKILL a process; a graceful stop needs SIGTERM.</summary>
internal static partial class Posix
{
    public const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);
}
