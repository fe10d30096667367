using System.Net;
using System.Net.Sockets;

namespace Ecommerce.TestSupport;

public static class FreePort
{
    private const int LowestPort = 10_000;

    /// <summary>
    /// A loopback TCP port that nothing listens on now, taken from below the kernel's ephemeral range. A port
    /// handed out here is bound only later (a service starts seconds after the model is laid out), and a port in
    /// the ephemeral range could meanwhile go to any program that binds port 0 or opens a connection.
    /// </summary>
    public static int Next()
    {
        var ephemeralStart = EphemeralRangeStart();
        for (var attempt = 0; attempt < 100 && ephemeralStart > LowestPort; attempt++)
        {
            var port = Random.Shared.Next(LowestPort, ephemeralStart);
            if (!IsInUse(port))
            {
                return port;
            }
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static bool IsInUse(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return false;
        }
        catch (SocketException)
        {
            return true;
        }
    }

    private static int EphemeralRangeStart()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
            return int.Parse(range[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 32_768;
        }
    }
}
