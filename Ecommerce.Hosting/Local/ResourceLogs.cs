using System.Collections.Concurrent;

namespace Ecommerce.Hosting.Local;

/// <summary>
/// Every resource's output: kept in memory (the last lines of each, for the dashboard and for explaining a
/// failure) and, when asked, written to the console behind a coloured name, as docker compose does.
/// </summary>
public sealed class ResourceLogs(bool writeConsole)
{
    private const int KeptLines = 2000;
    private static readonly string[] Colors = ["\u001b[36m", "\u001b[33m", "\u001b[35m", "\u001b[32m", "\u001b[34m", "\u001b[91m", "\u001b[96m"];
    private static readonly Lock ConsoleLock = new();

    private readonly ConcurrentDictionary<string, Queue<string>> _lines = new();
    private readonly ConcurrentDictionary<string, string> _colors = new();
    private readonly bool _colored = writeConsole && !Console.IsOutputRedirected;

    public void Write(string resource, string line)
    {
        var lines = _lines.GetOrAdd(resource, _ => new Queue<string>());
        lock (lines)
        {
            lines.Enqueue(line);
            if (lines.Count > KeptLines)
            {
                lines.Dequeue();
            }
        }

        if (!writeConsole)
        {
            return;
        }

        var color = _colors.GetOrAdd(resource, _ => Colors[_colors.Count % Colors.Length]);
        lock (ConsoleLock)
        {
            Console.Out.WriteLine(_colored ? $"{color}{resource,-12}|\u001b[0m {line}" : $"{resource,-12}| {line}");
        }
    }

    public IReadOnlyList<string> Lines(string resource)
    {
        if (!_lines.TryGetValue(resource, out var lines))
        {
            return [];
        }

        lock (lines)
        {
            return [.. lines];
        }
    }
}
