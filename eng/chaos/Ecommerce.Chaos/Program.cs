using Ecommerce.Chaos;
using Ecommerce.TestSupport;

// Faults under load, one at a time, and the books afterwards: exits 1 unless every book balances and no answer was
// wrong. --short runs only the faults .ci/run runs; --only <text> the faults whose name contains the text.
var only = Array.IndexOf(args, "--only") is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : null;
var faults = args.Contains("--short") ? Fault.Quick
    : only is null ? Fault.Full
    : [.. Fault.Full.Where(fault => fault.Name.Contains(only, StringComparison.OrdinalIgnoreCase))];
if (faults.Count == 0)
{
    Console.Error.WriteLine($"No fault's name contains '{only}'. The faults: {string.Join("; ", Fault.Full.Select(fault => fault.Name))}");
    return 2;
}

var results = Path.Combine(BuildOutput.Repository, "eng", "chaos", "results");
var startedAt = DateTime.UtcNow;
Directory.CreateDirectory(results);

// The services' warnings and errors are what a fault makes them say: kept out of the table, in a log beside the figures.
var serviceLogFile = Path.Combine(results, Report.FileName(startedAt) + ".services.log");
await using (var serviceLog = TextWriter.Synchronized(File.CreateText(serviceLogFile)))
{
    ServiceProcess.ErrorLines = (name, line) => serviceLog.WriteLine($"[{name}] {line}");
    var report = await ChaosRun.RunAsync(startedAt, faults, Console.WriteLine);
    Report.Print(report, Console.WriteLine);
    Console.WriteLine($"Written to {Report.Write(report, results)}; the services' warnings and errors to {serviceLogFile}");
    return report.Balanced ? 0 : 1;
}
