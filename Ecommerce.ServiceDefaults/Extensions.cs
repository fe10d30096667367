using System.Globalization;
using Ecommerce.ServiceDefaults;
using Ecommerce.ServiceDefaults.Authentication;
using Ecommerce.ServiceDefaults.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Scalar.AspNetCore;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every service shares, as Aspire's ServiceDefaults project does it: telemetry, health,
/// service discovery, resilience, and one way of speaking HTTP (JSON, problem details, limits).
/// </summary>
public static class Extensions
{
    /// <summary>Where Prometheus scrapes the process's meters, on the metrics port only.</summary>
    public const string MetricsEndpointPath = "/metrics";

    /// <summary>
    /// The port of the metrics endpoint (the AppHost's <c>metrics</c> endpoint): a second listener beside the main one, so
    /// neither the gateway nor Emissary, which route to the main port only, can ever serve the metrics to the public.
    /// </summary>
    public const string MetricsPortKey = "METRICS_PORT";

    /// <summary>Meters and activity sources named so are exported without being listed one by one.</summary>
    public const string TelemetryPrefix = "Ecommerce.";

    private const int SafeRetries = 2;

    private const int RefusedRetries = 4;

    /// <summary>An HTTP API's defaults: <see cref="AddWebAppDefaults"/>, and the platform's JSON, problem details, limits and OpenAPI.</summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.AddWebAppDefaults();
        builder.Services.AddHttpDefaults();
        builder.Services.Configure<KestrelServerOptions>(options =>
        {
            options.Limits.MaxRequestBodySize = RequestLimits.MaxBodyBytes;
            // Kestrel refuses a longer request line with a bare 414 before any middleware runs; an over-long id or
            // filter is a client's mistake the API answers itself, as a problem (404 or 400).
            options.Limits.MaxRequestLineSize = RequestLimits.MaxRequestLineBytes;
        });
        builder.Services.AddOpenApi(options => options.AddSchemaTransformer(EnumSchemaTransformer.TransformAsync));
        return builder;
    }

    /// <summary>
    /// What every process of the platform shares, an API or a web app that answers browsers in HTML: telemetry, health,
    /// service discovery and the resilience of its outgoing calls.
    /// </summary>
    public static TBuilder AddWebAppDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        // Every process reads the clock through TimeProvider, so a test can move it instead of waiting.
        builder.Services.TryAddSingleton(TimeProvider.System);

        builder.Services.AddServiceDiscovery();
        builder.Services.TryAddSingleton<ReplicaSelection>();
        builder.Services.TryAddTransient<ReplicaSelectingHandler>();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler(options =>
            {
                // Retrying a POST could apply it twice: only safe methods are retried (twice) unless a client opts in.
                // A request whose connection was refused never reached a replica: it is retried, whatever its method,
                // up to four times, each time to a replica chosen again (ReplicaSelection), which skips for a while one
                // that refused: a replica that died costs a call one refused connection, not its failure.
                options.Retry.DisableForUnsafeHttpMethods();
                var safeOnly = options.Retry.ShouldHandle;
                options.Retry.ShouldHandle = async arguments =>
                    arguments.Outcome.Exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } ||
                    (arguments.AttemptNumber < SafeRetries && await safeOnly(arguments));
                options.Retry.MaxRetryAttempts = RefusedRetries;

                // The circuit is for one service, not one replica: opened by the refusals of a replica that is gone, it
                // would fail the calls to the replicas that are up. A refusal costs nothing to find out, and is retried.
                var breaks = options.CircuitBreaker.ShouldHandle;
                options.CircuitBreaker.ShouldHandle = async arguments =>
                    arguments.Outcome.Exception is not HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } &&
                    await breaks(arguments);

                // Calls between services answer in milliseconds: retries start after 100 ms, and a caller hears 503
                // within seconds. An attempt may still take a while when many checkouts queue on one product's row,
                // so attempts keep the standard 10 s.
                options.Retry.Delay = TimeSpan.FromMilliseconds(100);
                options.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(25);
            });
            http.AddHttpMessageHandler<ReplicaSelectingHandler>();

            // HttpClientFactory's logging handlers write four Information lines per call (failures too, at the same
            // level) and wrap every call in a log scope and a timer: without them cart adds and checkouts ran 3-7%
            // faster (eng/bench, back to back). Traces show every call; Polly still logs retries and failures.
            http.RemoveAllLoggers();
        });
        return builder;
    }

    private const string ExportTimeoutMilliseconds = "3000";

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var metricsPort = builder.ListenForScrapes();
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics =>
            {
                metrics
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddMeter("Npgsql")
                    .AddMeter(TelemetryPrefix + "*");
                if (metricsPort is not null)
                {
                    metrics.AddPrometheusExporter();
                }
            })
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddSource(TelemetryPrefix + "*")
                .AddSource("Npgsql")
                // Neither the probes nor Prometheus' scrapes (on the metrics port) are calls anyone traces.
                .AddAspNetCoreInstrumentation(options =>
                    options.Filter = context =>
                        !context.Request.Path.StartsWithSegments(HealthEndpoints.Health) &&
                        !context.Request.Path.StartsWithSegments(HealthEndpoints.Alive) &&
                        context.Connection.LocalPort != metricsPort)
                // The gateway probes every replica's /alive every 2 s: a probe is not a call anyone traces.
                .AddHttpClientInstrumentation(options => options.FilterHttpRequestMessage = request =>
                    request.RequestUri?.AbsolutePath is not (HealthEndpoints.Health or HealthEndpoints.Alive)));

        // The exporter reads OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES itself.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            // A stopping service flushes its telemetry, and an export the collector does not answer (the dashboard
            // stops beside the services when the AppHost stops) lasts the whole export timeout, 10 s by default:
            // telemetry is not worth a slow shutdown. An explicit OTEL_EXPORTER_OTLP_TIMEOUT still wins.
            builder.Configuration["OTEL_EXPORTER_OTLP_TIMEOUT"] ??= ExportTimeoutMilliseconds;
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [HealthEndpoints.LiveTag]);
        return builder;
    }

    /// <summary>
    /// Maps /health (every check: ready to serve), /alive (the process answers), the OpenAPI document and its
    /// reference page (where a person can log in). Unlike Aspire's template the probes are mapped in every
    /// environment: Kubernetes needs them. It also refuses a body declared over the limit with 413, in the app's own
    /// pipeline: that runs after authentication and authorization, so a caller who may not call the operation hears 401
    /// or 403 first, whatever it sends.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.Use(RequestBodyLimit.RefuseDeclaredTooLargeAsync);
        app.MapHealthEndpoints();
        app.MapOpenApi();
        app.MapScalarApiReference(ApiReferenceLogin.Configure);
        return app;
    }

    /// <summary>
    /// /health (every check: ready to serve) and /alive (the process answers), which Kubernetes probes; and /metrics on
    /// the metrics port, when there is one.
    /// </summary>
    public static WebApplication MapHealthEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(HealthEndpoints.Health);
        app.MapHealthChecks(HealthEndpoints.Alive, new HealthCheckOptions { Predicate = check => check.Tags.Contains(HealthEndpoints.LiveTag) });
        if (MetricsPort(app.Configuration) is { } port)
        {
            app.UseMetricsEndpoint(port);
        }

        return app;
    }

    /// <summary>
    /// The scrape, answered on the metrics port only, at /metrics; that port answers nothing else, so the API is never
    /// reached past its own listener, and the main port's /metrics is the app's own (a 404). A scrape is not a request
    /// of the platform: it is not counted in the HTTP server's metrics (nor traced: see ConfigureOpenTelemetry).
    /// </summary>
    private static void UseMetricsEndpoint(this WebApplication app, int port)
    {
        app.Use((context, next) =>
        {
            if (context.Connection.LocalPort != port)
            {
                return next(context);
            }

            if (!context.Request.Path.Equals(MetricsEndpointPath, StringComparison.Ordinal))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            if (context.Features.Get<IHttpMetricsTagsFeature>() is { } metrics)
            {
                metrics.MetricsDisabled = true;
            }

            return next(context);
        });
        app.UseOpenTelemetryPrometheusScrapingEndpoint(context => context.Connection.LocalPort == port);
    }

    private static int? MetricsPort(IConfiguration configuration) =>
        int.TryParse(configuration[MetricsPortKey], NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : null;

    /// <summary>
    /// Adds the metrics port to the addresses Kestrel listens on (ASPNETCORE_URLS, or the container's HTTP_PORTS, which
    /// it replaces), on the same host as the first of them: loopback in a local run, every interface in a pod.
    /// </summary>
    private static int? ListenForScrapes(this IHostApplicationBuilder builder)
    {
        if (MetricsPort(builder.Configuration) is not { } port)
        {
            return null;
        }

        var urls = builder.Configuration[WebHostDefaults.ServerUrlsKey];
        if (string.IsNullOrWhiteSpace(urls))
        {
            var ports = builder.Configuration[WebHostDefaults.HttpPortsKey] ?? "";
            urls = string.Join(';', ports.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => $"http://*:{p}"));
        }

        var first = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault()
            ?? throw new InvalidOperationException($"{MetricsPortKey} is a second listener: ASPNETCORE_URLS or HTTP_PORTS must name the first.");
        var host = BindingAddress.Parse(first).Host is "localhost" or "127.0.0.1" ? "localhost" : "*";
        builder.Configuration[WebHostDefaults.ServerUrlsKey] = $"{urls};http://{host}:{port}";
        return port;
    }
}
