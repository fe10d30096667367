namespace Ecommerce.TestSupport.Servers;

public static class ServerFolders
{
    /// <summary>
    /// A new temporary folder that servers can keep their data under. Run as root, PostgreSQL runs as the
    /// 'postgres' user, which must be able to enter it (execute permission; nothing in it is readable to others).
    /// </summary>
    public static string CreateTemporary(string prefix)
    {
        var folder = Directory.CreateTempSubdirectory(prefix).FullName;
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                                         UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }

        return folder;
    }

    /// <summary>
    /// Deletes a folder that servers kept their data in. The AppHost may exit while DCP still stops them, and a
    /// PostgreSQL that is shutting down still removes files of its own: the deletion is tried again for a while.
    /// </summary>
    public static async Task DeleteAsync(string folder)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Directory.Delete(folder, recursive: true);
                return;
            }
            catch (IOException) when (attempt < 30)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500));
            }
        }
    }
}
