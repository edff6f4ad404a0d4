using System.Runtime.InteropServices;

namespace Mla.TestSupport.Processes;

/// <summary>The two system calls .NET does not wrap: sending a chosen signal, and the effective user id.</summary>
internal static partial class Libc
{
    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();

    public static bool IsRoot => GetEffectiveUserId() == 0;

    /// <summary>Sends <paramref name="signal"/>; false when the process no longer exists.</summary>
    public static bool Signal(int pid, UnixSignal signal) => Kill(pid, (int)signal) == 0;
}
