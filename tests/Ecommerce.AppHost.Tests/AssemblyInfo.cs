using System.Runtime.Versioning;

// These tests read processes from /proc and send POSIX signals: they describe Linux behaviour.
[assembly: SupportedOSPlatform("linux")]

