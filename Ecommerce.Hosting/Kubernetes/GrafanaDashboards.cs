using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ecommerce.Hosting.Kubernetes;

/// <summary>A Grafana panel: a time series (or a single stat) of one or more queries, each with its legend.</summary>
internal sealed record Panel(string Title, string Unit, (string Expr, string Legend)[] Queries, string Type = "timeseries");

/// <summary>
/// The Grafana dashboards, as the JSON Grafana imports: the shop (orders, checkout, stock, sign-ins, carts), one per
/// service (requests, errors, durations, and the .NET runtime: GC, thread pool, memory, CPU) and the SLOs' error
/// budgets. Every query is filtered by the <c>$namespace</c> variable (dev, prod, or both).
/// </summary>
internal static class GrafanaDashboards
{
    private const string Namespace = "namespace=~\"$namespace\"";
    private const string Duration = AlertRules.Duration;

    private static readonly double[] Quantiles = [0.5, 0.95, 0.99];

    private static readonly string[] BurnRateWindows = ["1h", "6h", "1d", "3d"];

    public static IEnumerable<(string Name, JsonObject Dashboard)> All(IReadOnlyCollection<string> jobs)
    {
        yield return ("shop", Dashboard("ecommerce-shop", "Ecommerce: the shop", jobs, Shop()));
        foreach (var job in jobs.Order(StringComparer.Ordinal))
        {
            yield return (job, Dashboard($"ecommerce-{job}", $"Ecommerce: {job}", jobs, Service(job)));
        }

        yield return ("slo", Dashboard("ecommerce-slo", "Ecommerce: SLOs and error budgets", jobs, Budgets()));
    }

    private static IEnumerable<Panel> Shop()
    {
        var orders = $"job=\"orders\", {Namespace}";
        var checkout = $"job=\"orders\", http_route=\"/orders/\", http_request_method=\"POST\", {Namespace}";
        yield return new("Orders placed per minute", "short",
            [($"sum(rate(ecommerce_orders_status_changes_total{{{orders}, status=\"pending\"}}[5m])) * 60", "placed")]);
        yield return new("Orders entering each status per minute", "short",
            [($"sum by (status) (rate(ecommerce_orders_status_changes_total{{{orders}}}[5m])) * 60", "{{status}}")]);
        yield return new("Checkout duration (reservation to cart emptied)", "s",
        [
            .. Quantiles.Select(q =>
                ($"histogram_quantile({AlertRules.Number(q)}, sum by (le) (rate(ecommerce_orders_checkout_duration_seconds_bucket{{{orders}}}[5m])))", $"p{AlertRules.Number(q * 100)}")),
        ]);
        yield return new("Checkouts answered with a server error", "percentunit",
            [(ErrorShare(checkout, ""), "5xx share of POST /orders")]);
        yield return new("Checkouts refused per minute, by cause", "short",
            [($"sum by (cause) (rate(ecommerce_orders_checkout_failures_total{{{orders}}}[5m])) * 60", "{{cause}}")]);
        yield return new("Stock-outs in the last hour", "short",
            [($"sum(increase(ecommerce_inventory_stock_outs_total{{job=\"products\", {Namespace}}}[1h]))", "products sold out")]);
        yield return new("Reservations per minute, by outcome", "short",
            [($"sum by (outcome) (rate(ecommerce_inventory_reservations_total{{job=\"products\", {Namespace}}}[5m])) * 60", "{{outcome}}")]);
        yield return new("Orders waiting for their reservation to be confirmed", "short",
            [($"max(ecommerce_orders_unconfirmed{{{orders}}})", "unconfirmed")]);
        yield return new("Sign-ins per minute, by outcome", "short",
            [($"sum by (outcome) (rate(ecommerce_identity_logins_total{{job=\"identity\", {Namespace}}}[5m])) * 60", "{{outcome}}")]);
        yield return new("Registrations, lockouts and tokens per minute", "short",
        [
            ($"sum(rate(ecommerce_identity_registrations_total{{job=\"identity\", {Namespace}}}[5m])) * 60", "registrations"),
            ($"sum(rate(ecommerce_identity_lockouts_total{{job=\"identity\", {Namespace}}}[5m])) * 60", "lockouts"),
            ($"sum by (grant_type) (rate(ecommerce_identity_tokens_issued_total{{job=\"identity\", {Namespace}}}[5m])) * 60", "tokens: {{grant_type}}"),
        ]);
        yield return new("Carts created and units added per minute", "short",
        [
            ($"sum(rate(ecommerce_carts_created_total{{job=\"carts\", {Namespace}}}[5m])) * 60", "carts created"),
            ($"sum(rate(ecommerce_carts_items_added_total{{job=\"carts\", {Namespace}}}[5m])) * 60", "units added"),
        ]);
    }

    private static IEnumerable<Panel> Service(string job)
    {
        var selector = $"job=\"{job}\", {Namespace}";
        // The probes every pod answers every few seconds would drown the requests people make.
        var requests = $"{selector}, http_route!~\"/health|/alive\"";
        yield return new("Requests per second, by route", "reqps",
            [($"sum by (http_route, http_request_method) (rate({Duration}_count{{{requests}}}[5m]))", "{{http_request_method}} {{http_route}}")]);
        yield return new("Server errors, share of requests by route", "percentunit",
            [(ErrorShare(requests, "http_route"), "{{http_route}}")]);
        yield return new("Duration p95, by route", "s",
            [($"histogram_quantile(0.95, sum by (le, http_route) (rate({Duration}_bucket{{{requests}}}[5m])))", "{{http_route}}")]);
        yield return new("Answers per second, by status", "reqps",
            [($"sum by (http_response_status_code) (rate({Duration}_count{{{requests}}}[5m]))", "{{http_response_status_code}}")]);
        yield return new("GC collections per second, by generation", "short",
            [($"sum by (gc_heap_generation) (rate(dotnet_gc_collections_total{{{selector}}}[5m]))", "{{gc_heap_generation}}")]);
        yield return new("Time paused for GC, share of each pod's time", "percentunit",
            [($"sum by (instance) (rate(dotnet_gc_pause_time_seconds_total{{{selector}}}[5m]))", "{{instance}}")]);
        yield return new("Thread pool: threads and queued work items", "short",
        [
            ($"sum by (instance) (dotnet_thread_pool_thread_count_total{{{selector}}})", "threads {{instance}}"),
            ($"sum by (instance) (dotnet_thread_pool_queue_length_total{{{selector}}})", "queued {{instance}}"),
        ]);
        yield return new("Memory: working set and GC heap", "bytes",
        [
            ($"sum by (instance) (dotnet_process_memory_working_set_bytes{{{selector}}})", "working set {{instance}}"),
            ($"sum by (instance) (dotnet_gc_last_collection_heap_size_bytes{{{selector}}})", "heap {{instance}}"),
        ]);
        yield return new("CPU, cores used", "short",
            [($"sum by (instance) (rate(dotnet_process_cpu_time_seconds_total{{{selector}}}[5m]))", "{{instance}}")]);
    }

    private static IEnumerable<Panel> Budgets()
    {
        foreach (var slo in AlertRules.Objectives)
        {
            var recorded = $"{{slo=\"{slo.Name}\", {Namespace}}}";
            var budget = AlertRules.Number(slo.Budget);
            yield return new($"{slo.Title}: error budget left over {AlertRules.BudgetWindow}", "percentunit",
                [($"1 - {AlertRules.Ratio(AlertRules.BudgetWindow)}{recorded} / {budget}", "{{namespace}}")], "stat");
            yield return new($"{slo.Title}: burn rate (1 spends the budget in exactly {AlertRules.BudgetWindow})", "short",
                [.. BurnRateWindows.Select(window => ($"{AlertRules.Ratio(window)}{recorded} / {budget}", $"{window} {{{{namespace}}}}"))]);
            yield return new($"{slo.Title}: good share (objective {AlertRules.Number(slo.Objective * 100)}%)", "percentunit",
                [($"1 - {AlertRules.Ratio("5m")}{recorded}", "{{namespace}}")]);
        }
    }

    /// <summary>The share of server errors, 0 (not nothing) where every request was answered well.</summary>
    private static string ErrorShare(string selector, string by)
    {
        var total = $"sum by ({by}) (rate({Duration}_count{{{selector}}}[5m]))";
        return $"sum by ({by}) (rate({Duration}_count{{{selector}, http_response_status_code=~\"5..\"}}[5m])) / {total} or {total} * 0";
    }

    private static JsonObject Dashboard(string uid, string title, IReadOnlyCollection<string> jobs, IEnumerable<Panel> panels)
    {
        var datasource = new JsonObject { ["type"] = "prometheus", ["uid"] = "${datasource}" };
        var list = panels.Select((panel, i) => (JsonNode)new JsonObject
        {
            ["id"] = i + 1,
            ["type"] = panel.Type,
            ["title"] = panel.Title,
            ["datasource"] = datasource.DeepClone(),
            // Two panels a row, each 12 of Grafana's 24 columns wide.
            ["gridPos"] = new JsonObject { ["x"] = i % 2 * 12, ["y"] = i / 2 * 8, ["w"] = 12, ["h"] = 8 },
            ["fieldConfig"] = new JsonObject { ["defaults"] = new JsonObject { ["unit"] = panel.Unit }, ["overrides"] = new JsonArray() },
            ["targets"] = new JsonArray(panel.Queries.Select((query, q) => (JsonNode)new JsonObject
            {
                ["refId"] = ((char)('A' + q)).ToString(),
                ["datasource"] = datasource.DeepClone(),
                ["expr"] = query.Expr,
                ["legendFormat"] = query.Legend,
            }).ToArray()),
        }).ToArray();

        return new JsonObject
        {
            ["uid"] = uid,
            ["title"] = title,
            ["tags"] = new JsonArray("ecommerce"),
            ["timezone"] = "browser",
            ["schemaVersion"] = 39,
            ["refresh"] = "30s",
            ["time"] = new JsonObject { ["from"] = "now-6h", ["to"] = "now" },
            ["templating"] = new JsonObject
            {
                ["list"] = new JsonArray(
                    new JsonObject { ["name"] = "datasource", ["label"] = "Data source", ["type"] = "datasource", ["query"] = "prometheus" },
                    new JsonObject
                    {
                        ["name"] = "namespace",
                        ["label"] = "Namespace",
                        ["type"] = "query",
                        ["datasource"] = datasource.DeepClone(),
                        ["query"] = $"label_values(up{{job=~\"{string.Join('|', jobs.Order(StringComparer.Ordinal))}\"}}, namespace)",
                        ["refresh"] = 2,
                        ["multi"] = true,
                        ["includeAll"] = true,
                        ["allValue"] = ".*",
                    }),
            },
            ["panels"] = new JsonArray(list),
        };
    }

    public static string Write(JsonObject dashboard) => dashboard.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
}
