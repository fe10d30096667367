using System.Globalization;
using static Ecommerce.Hosting.Kubernetes.Yaml;

namespace Ecommerce.Hosting.Kubernetes;

/// <summary>
/// An objective on the HTTP requests a process serves: the share of them, over 30 days, that are good (answered without
/// a server error, or within <see cref="LatencySeconds"/>). <see cref="Selector"/> picks the requests by their labels
/// as the OpenTelemetry Prometheus exporter writes them.
/// </summary>
internal sealed record Slo(string Name, string Alert, string Title, string Selector, double Objective, double? LatencySeconds, string LookAt)
{
    public double Budget => 1 - Objective;
}

/// <summary>One pair of windows of a multiwindow, multi-burn-rate alert (the SRE workbook's): both must burn that fast.</summary>
internal sealed record BurnWindow(string Severity, string Long, string Short, double Factor);

/// <summary>A platform alert: <see cref="Expression"/> true for <see cref="For"/>.</summary>
internal sealed record PlatformAlert(string Name, string Severity, string Expression, string For, string Summary, string Description);

/// <summary>
/// The PrometheusRule groups: each SLO's error ratio over the windows its alerts and dashboards read, recorded as
/// <c>slo:sli_error:ratio_rate&lt;window&gt;{slo=…}</c> per namespace; the burn-rate alerts on them; the platform's
/// own alerts. Every alert says what to look at and links to its section of the runbook in docs/operations.md.
/// </summary>
internal static class AlertRules
{
    public const string Duration = "http_server_request_duration_seconds";

    private const string Checkout = "job=\"orders\", http_route=\"/orders/\", http_request_method=\"POST\"";
    private const string ProductReads = "job=\"products\", http_route=~\"/products/.*\", http_request_method=\"GET\"";
    private const string CartChanges = "job=\"carts\", http_route=~\"/carts/.*\", http_request_method=~\"POST|PUT|DELETE\"";
    private const string SignIn = "job=\"identity\", http_route=~\"/connect/token|Account/Login\", http_request_method=\"POST\"";

    public static readonly Slo[] Objectives =
    [
        new("checkout-availability", "CheckoutErrorBudgetBurn", "Checkouts without a server error", Checkout, 0.999, null,
            "Orders.Api's logs and traces of POST /orders, then Products.Api (reservations) and PostgreSQL (ordersdb)"),
        new("checkout-latency", "CheckoutLatencyBudgetBurn", "Checkouts within 1 s", Checkout, 0.99, 1,
            "the checkout traces' slowest spans: the reservation call to Products.Api, ordersdb, the cart call to Carts.Api"),
        new("product-reads-availability", "ProductReadsErrorBudgetBurn", "Product reads without a server error", ProductReads, 0.999, null,
            "Products.Api's logs and catalogdb"),
        new("product-reads-latency", "ProductReadsLatencyBudgetBurn", "Product reads within 250 ms", ProductReads, 0.99, 0.25,
            "Products.Api's CPU and thread pool, catalogdb's slow queries"),
        new("cart-changes-availability", "CartChangesErrorBudgetBurn", "Cart changes without a server error", CartChanges, 0.999, null,
            "Carts.Api's logs, Redis (cache) and Products.Api, which Carts.Api asks for prices"),
        new("sign-in-availability", "SignInErrorBudgetBurn", "Sign-ins and token requests without a server error", SignIn, 0.999, null,
            "Identity.Api's logs, identitydb and its signing certificates"),
    ];

    public static readonly string[] Windows = ["5m", "30m", "1h", "2h", "6h", "1d", "3d"];

    /// <summary>The window of the error budget the dashboards show.</summary>
    public const string BudgetWindow = "30d";

    public static readonly BurnWindow[] BurnWindows =
    [
        new("page", "1h", "5m", 14.4),
        new("page", "6h", "30m", 6),
        new("ticket", "1d", "2h", 3),
        new("ticket", "3d", "6h", 1),
    ];

    public static string Ratio(string window) => $"slo:sli_error:ratio_rate{window}";

    public static object Groups(IReadOnlyCollection<string> jobs, string runbook)
    {
        var workloads = string.Join('|', jobs.Order(StringComparer.Ordinal));
        return new object[]
        {
            Map(("name", "ecommerce-slo-sli"), ("rules", Objectives.SelectMany(slo => Windows.Select(window => Recording(slo, window))).ToArray())),
            // Thirty days of rates are heavy to compute and change slowly: every five minutes is enough for a dashboard.
            Map(("name", "ecommerce-slo-budget"), ("interval", "5m"), ("rules", Objectives.Select(slo => Recording(slo, BudgetWindow)).ToArray())),
            Map(("name", "ecommerce-slo-alerts"), ("rules", Objectives.SelectMany(slo => BurnAlerts(slo, runbook)).ToArray())),
            Map(("name", "ecommerce-platform"), ("rules", Platform(workloads).Select(alert => Alert(alert, runbook)).ToArray())),
        };
    }

    /// <summary>The share of bad requests in a window; 0, not nothing, while requests are all good.</summary>
    private static Dictionary<string, object?> Recording(Slo slo, string window)
    {
        var total = $"sum by (namespace) (rate({Duration}_count{{{slo.Selector}}}[{window}]))";
        var expression = slo.LatencySeconds is { } seconds
            ? $"1 - sum by (namespace) (rate({Duration}_bucket{{{slo.Selector}, le=~\"{Bucket(seconds)}\"}}[{window}])) / {total}"
            : $"(sum by (namespace) (rate({Duration}_count{{{slo.Selector}, http_response_status_code=~\"5..\"}}[{window}])) or {total} * 0) / {total}";
        return Map(("record", Ratio(window)), ("expr", expression), ("labels", Map(("slo", slo.Name))));
    }

    private static IEnumerable<object> BurnAlerts(Slo slo, string runbook) =>
        BurnWindows.GroupBy(window => window.Severity).Select(severity =>
        {
            var conditions = severity.Select(window =>
                $"({Ratio(window.Long)}{{slo=\"{slo.Name}\"}} > {Number(window.Factor * slo.Budget)} and {Ratio(window.Short)}{{slo=\"{slo.Name}\"}} > {Number(window.Factor * slo.Budget)})");
            var objective = $"{Number(slo.Objective * 100)}%";
            return Map(
                ("alert", slo.Alert),
                ("expr", string.Join(" or ", conditions)),
                // A page waits out a blip of a scrape or two; a ticket, whose budget goes in days, an hour.
                ("for", severity.Key == "page" ? "2m" : "1h"),
                ("labels", Map(("severity", severity.Key), ("slo", slo.Name))),
                ("annotations", Map(
                    ("summary", $"{slo.Title}: the error budget of {objective} over 30 days is burning {(severity.Key == "page" ? "fast" : "steadily")}"),
                    ("description",
                        $"{slo.Title} in {{{{ $labels.namespace }}}} miss the objective ({objective}) at {string.Join(" or ", severity.Select(w => $"{Number(w.Factor)}x the sustainable rate over {w.Long} and {w.Short}"))}. Look at {slo.LookAt}."),
                    ("runbook_url", $"{runbook}#{slo.Alert.ToLowerInvariant()}"))));
        });

    private static IEnumerable<PlatformAlert> Platform(string workloads) =>
    [
        new("OrdersAwaitingConfirmation", "ticket",
            "max by (namespace) (ecommerce_orders_unconfirmed{job=\"orders\"}) > 0", "10m",
            "Orders wait for their reservation to be confirmed",
            "Orders.Api's reconciler keeps finding stored orders whose reservation Products.Api has not confirmed. Look at the reconciler's logs and the calls to POST /inventory/commits."),
        new("ReservationsExpiringUnconfirmed", "ticket",
            "sum by (namespace) (increase(ecommerce_inventory_reservations_total{job=\"products\", outcome=\"expired\"}[15m])) > 0", "0m",
            "Reservations expire without being confirmed",
            "Products.Api let reservations expire: their orders are cancelled and the units go back to stock. Look at Orders.Api's committer and reconciler, and at Products.Api's /inventory calls."),
        new("ProductsSoldOut", "info",
            "sum by (namespace) (increase(ecommerce_inventory_stock_outs_total{job=\"products\"}[30m])) > 0", "0m",
            "Products sold out",
            "Checkouts took the last units of products. Look at GET /products?max_stock=0 (the back office's 'out of stock') and restock."),
        new("FailedSignInsSpike", "ticket",
            "sum by (namespace) (rate(ecommerce_identity_logins_total{job=\"identity\", outcome=~\"failed|locked_out\"}[5m])) > 1" +
            " and sum by (namespace) (rate(ecommerce_identity_logins_total{job=\"identity\", outcome=~\"failed|locked_out\"}[5m]))" +
            " / sum by (namespace) (rate(ecommerce_identity_logins_total{job=\"identity\"}[5m])) > 0.5", "5m",
            "Most sign-ins fail",
            "More than one sign-in a second fails, and more than half of all do: password guessing, or a broken login page. Look at Identity.Api's sign-in failures by client address."),
        new("AccountLockoutsSpike", "ticket",
            "sum by (namespace) (increase(ecommerce_identity_lockouts_total{job=\"identity\"}[15m])) > 10", "0m",
            "Many accounts locked out",
            "More than ten accounts were locked out after five wrong passwords in 15 minutes: credential stuffing. Look at Identity.Api's logs and the attempt limits."),
        new("TooManyRequestsRefused", "ticket",
            $"sum by (namespace, job) (rate({Duration}_count{{job=~\"{workloads}\", http_response_status_code=\"429\"}}[5m]))" +
            $" / sum by (namespace, job) (rate({Duration}_count{{job=~\"{workloads}\"}}[5m])) > 0.05", "10m",
            "More than 5% of a service's requests are refused with 429",
            "A service refuses requests for their rate (Identity.Api's attempt limits). Look at which routes and clients, and whether the limits fit the traffic."),
        new("TargetDown", "ticket",
            $"up{{job=~\"{workloads}\"}} == 0", "5m",
            "Prometheus cannot scrape a pod",
            "A pod's metrics port does not answer: the pod is down, restarting, or the NetworkPolicy from Prometheus' namespace is missing. Look at kubectl get pods and the pod's events."),
    ];

    private static Dictionary<string, object?> Alert(PlatformAlert alert, string runbook) => Map(
        ("alert", alert.Name),
        ("expr", alert.Expression),
        ("for", alert.For),
        ("labels", Map(("severity", alert.Severity))),
        ("annotations", Map(
            ("summary", alert.Summary),
            ("description", $"{alert.Description} (namespace {{{{ $labels.namespace }}}})"),
            ("runbook_url", $"{runbook}#{alert.Name.ToLowerInvariant()}"))));

    /// <summary>A bucket's <c>le</c> as the exporter may write it: 1 or 1.0.</summary>
    private static string Bucket(double seconds) =>
        seconds == Math.Floor(seconds) ? $"{Number(seconds)}|{Number(seconds)}\\\\.0" : Number(seconds).Replace(".", "\\\\.", StringComparison.Ordinal);

    public static string Number(double value) => Math.Round(value, 6).ToString(CultureInfo.InvariantCulture);
}
