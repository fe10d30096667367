using System.Runtime.InteropServices;

namespace Ecommerce.TestSupport;

/// <summary>POSIX signals, which <see cref="System.Diagnostics.Process"/> cannot send (it only kills).</summary>
public static partial class Signals
{
    public const int SigInt = 2;
    public const int SigKill = 9;
    public const int SigTerm = 15;
    public const int SigCont = 18;
    public const int SigStop = 19;

    public static void Send(int processId, int signal)
    {
        // A process that has already exited is not an error: it is what the caller wanted.
        _ = Kill(processId, signal);
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int sig);
}
