namespace Ecommerce.AppHost.Tests;

internal static class Processes
{
    /// <summary>Running, as opposed to gone or a zombie waiting to be reaped.</summary>
    public static bool IsAlive(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat))
        {
            return false;
        }

        try
        {
            var fields = File.ReadAllText(stat);
            return fields[(fields.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>The parent's pid (the fourth field of /proc/pid/stat), or 0 for a process that is gone.</summary>
    public static int ParentOf(int pid)
    {
        try
        {
            var fields = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(fields[(fields.LastIndexOf(')') + 2)..].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    public static IEnumerable<int> All() =>
        Directory.GetDirectories("/proc")
            .Select(folder => int.TryParse(Path.GetFileName(folder), out var pid) ? pid : -1)
            .Where(pid => pid > 0);

    /// <summary>
    /// The command line with its arguments separated by spaces, or "" for a process that is gone. PostgreSQL's
    /// processes pad the title they write there with spaces, which are trimmed.
    /// </summary>
    public static string CommandLineOf(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').TrimEnd();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    public static async Task<bool> AllGoneWithinAsync(IEnumerable<int> pids, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (pids.Any(IsAlive))
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(100);
        }

        return true;
    }
}
