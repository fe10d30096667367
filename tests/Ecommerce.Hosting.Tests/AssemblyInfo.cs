using System.Runtime.Versioning;

// The hosting engine runs processes the Linux way (setpriv, POSIX signals, /proc).
[assembly: SupportedOSPlatform("linux")]
