using Ecommerce.TestSupport;

namespace Ecommerce.Bench;

/// <summary>
/// What being scraped costs a service under load, measured in one run: two Products.Api on the same catalog, one with
/// its meters on a metrics port that a scraper reads every 15 s (the monitoring component's interval), one without,
/// each loaded in turn with the same reads for long enough to span scrapes, and their CPU per request compared. The
/// pair is measured three times, alternating, as the machine's speed drifts within minutes; the median ratio is kept.
/// </summary>
internal static class ScrapeCost
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    private const int Rounds = 3;

    /// <param name="load">Loads one process (its origin) with the scenario and returns what the run measured.</param>
    public static async Task<ScrapeCostResult> MeasureAsync(
        string plainName, ServiceProcess plain, string scrapedName, ServiceProcess scraped, Uri metrics, Func<string, Task<LoadResult>> load)
    {
        using var scraper = new Scraper(metrics, Interval);
        var rounds = new List<ScrapeCostRound>();
        for (var round = 0; round < Rounds; round++)
        {
            var without = (await load(plain.Origin)).ServiceCpuMicrosecondsPerRequest![plainName];
            var with = (await load(scraped.Origin)).ServiceCpuMicrosecondsPerRequest![scrapedName];
            rounds.Add(new ScrapeCostRound(without, with, with / without));
        }

        var median = rounds.Select(round => round.Ratio).Order().ElementAt(Rounds / 2);
        return new ScrapeCostResult(Interval.TotalSeconds, scraper.Scrapes, scraper.Failures, rounds, median);
    }

    /// <summary>Reads a metrics endpoint at an interval, as Prometheus does, until disposed.</summary>
    private sealed class Scraper : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _scraping;
        private int _scrapes;
        private int _failures;

        public Scraper(Uri metrics, TimeSpan interval) => _scraping = ScrapeAsync(metrics, interval);

        public int Scrapes => Volatile.Read(ref _scrapes);

        public int Failures => Volatile.Read(ref _failures);

        private async Task ScrapeAsync(Uri metrics, TimeSpan interval)
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            using var timer = new PeriodicTimer(interval);
            try
            {
                do
                {
                    try
                    {
                        using var response = await client.GetAsync(metrics, _stop.Token);
                        await response.Content.ReadAsByteArrayAsync(_stop.Token);
                        Interlocked.Increment(ref response.IsSuccessStatusCode ? ref _scrapes : ref _failures);
                    }
                    catch (Exception exception) when (exception is HttpRequestException || (exception is TaskCanceledException && !_stop.IsCancellationRequested))
                    {
                        Interlocked.Increment(ref _failures);
                    }
                }
                while (await timer.WaitForNextTickAsync(_stop.Token));
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _scraping.Wait(TimeSpan.FromSeconds(15));
            _stop.Dispose();
        }
    }
}

internal sealed record ScrapeCostRound(double WithoutMicroseconds, double WithMicroseconds, double Ratio);

/// <param name="MedianRatio">CPU per request of the scraped process over the other's: 1.02 is 2% more.</param>
internal sealed record ScrapeCostResult(double IntervalSeconds, int Scrapes, int Failures, IReadOnlyList<ScrapeCostRound> Rounds, double MedianRatio);
