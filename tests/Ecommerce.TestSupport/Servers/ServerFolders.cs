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
}
