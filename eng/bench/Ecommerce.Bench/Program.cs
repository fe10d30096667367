using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ecommerce.Bench;
using Ecommerce.TestSupport;
using Ecommerce.TestSupport.Identity;
using Ecommerce.TestSupport.Servers;
using Npgsql;

// The platform's benchmark: PostgreSQL, Redis and the services in Release on free loopback ports, each scenario under
// wrk after a warm-up, and the ceilings of this machine measured in the same run, so that figures are read as ratios.
var duration = TimeSpan.FromSeconds(Argument("--duration", 10));
var connections = Argument("--connections", 32);
// --only get_product,order_hot_product measures those scenarios alone, for a quick look at one change.
var only = Array.IndexOf(args, "--only") is var onlyAt and >= 0 && onlyAt + 1 < args.Length
    ? args[onlyAt + 1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet()
    : null;
bool Selected(string name) => only is null || only.Contains(name);
var configuration = BuildOutput.Configuration;
var repository = BuildOutput.Repository;
var results = new Dictionary<string, LoadResult>();
var started = DateTime.UtcNow;

var root = ServerFolders.CreateTemporary("ecommerce-bench-");
await using var postgres = await PostgresServer.StartAsync(new PostgresServerOptions
{
    DataDirectory = Path.Combine(root, "pg"),
    Password = Guid.NewGuid().ToString("N"),
    Ephemeral = true,
    MaxConnections = 300,
});
var redisPassword = Guid.NewGuid().ToString("N");
await using var redis = await RedisServer.StartAsync(new RedisServerOptions { DataDirectory = Path.Combine(root, "redis"), Password = redisPassword });
foreach (var database in new[] { "catalogdb", "ordersdb", "identitydb", "pgbench" })
{
    await postgres.EnsureDatabaseAsync(database);
}

Console.WriteLine($"Starting the services ({configuration}) ...");
// Identity.Api signs with the bench's own key, so that the bench signs each virtual user's token itself, once, before
// any load; the services fetch its keys from its discovery document, and Orders.Api gets its inventory token from it.
using var issuer = new TestIssuer();
var identitySettings = IdentitySettings.Create(postgres.ConnectionStringFor("identitydb"), issuer);
await using var identity = await ServiceProcess.StartAsync(repository, "Identity.Api", configuration,
    identitySettings.ToConfiguration().ToDictionary(setting => setting.Key.Replace(":", "__", StringComparison.Ordinal), setting => setting.Value!));
Dictionary<string, string> Trusting(Dictionary<string, string> settings) => new(settings)
{
    ["Authentication__Issuer"] = TestIssuer.Issuer,
    ["services__identity__http__0"] = identity.Origin,
};
await using var products = await ServiceProcess.StartAsync(repository, "Products.Api", configuration, Trusting(new()
{
    ["ConnectionStrings__catalogdb"] = postgres.ConnectionStringFor("catalogdb"),
}));
await using var carts = await ServiceProcess.StartAsync(repository, "Carts.Api", configuration, Trusting(new()
{
    ["ConnectionStrings__cache"] = redis.ConnectionString,
    ["services__products__http__0"] = products.Origin,
}));
await using var orders = await ServiceProcess.StartAsync(repository, "Orders.Api", configuration, Trusting(new()
{
    ["ConnectionStrings__ordersdb"] = postgres.ConnectionStringFor("ordersdb"),
    ["services__products__http__0"] = products.Origin,
    ["services__carts__http__0"] = carts.Origin,
    ["ServiceIdentity__ClientSecret"] = identitySettings.OrdersServiceSecret,
}));
// The shop's pages, calling the services as the AppHost wires it; its key ring in the same Redis.
await using var storefront = await ServiceProcess.StartAsync(repository, "Storefront", configuration, Trusting(new()
{
    ["ConnectionStrings__cache"] = redis.ConnectionString,
    ["services__products__http__0"] = products.Origin,
    ["services__carts__http__0"] = carts.Origin,
    ["services__orders__http__0"] = orders.Origin,
    ["Storefront__ClientSecret"] = identitySettings.StorefrontSecret,
}));
// The gateway as the AppHost configures it (WithRoute), in front of Products.Api.
await using var gateway = await ServiceProcess.StartAsync(repository, "Ecommerce.Gateway", configuration, new Dictionary<string, string>(
    GatewaySettings.Discovery("products", [products]).Concat(GatewaySettings.Route("products", "/products", TimeSpan.FromSeconds(15)))));

var services = new Dictionary<string, ServiceProcess>
{
    ["identity"] = identity,
    ["products"] = products,
    ["carts"] = carts,
    ["orders"] = orders,
    ["gateway"] = gateway,
    ["storefront"] = storefront,
};
var wrk = new Wrk(Path.Combine(repository, "eng", "bench", "wrk"), connections, duration, SettleAsync,
    () => services.ToDictionary(service => service.Key, service => service.Value.ProcessorTime));

if (Selected("pgbench_select") || Selected("pgbench_select_prepared"))
{
    await Ceilings.InitialisePgbenchAsync(postgres, "pgbench");
}

Console.WriteLine("Seeding ...");
using var client = new HttpClient();
// The virtual users' tokens, each good for longer than the whole run.
string TokenOf(string user) => issuer.AccessToken(user, "openid carts orders", expiresIn: TimeSpan.FromHours(2));
var customers = Enumerable.Range(0, 32).Select(i => TokenOf($"bench-{i}")).ToArray();
var admins = Enumerable.Range(0, 32)
    .Select(i => issuer.AccessToken($"bench-admin-{i}", "openid carts orders catalog.write orders.manage", role: "admin", expiresIn: TimeSpan.FromHours(2)))
    .ToArray();
// Each id with the token of one of the callers, in turn: every request is a customer's (or an admin's).
static List<string> WithTokens(string[] tokens, IEnumerable<string> ids) => ids.Select((id, i) => $"{id}\t{tokens[i % tokens.Length]}").ToList();
List<string> AsCustomers(IEnumerable<string> ids) => WithTokens(customers, ids);
List<string> AsAdmins(IEnumerable<string> ids) => WithTokens(admins, ids);
var backOffice = issuer.AccessToken("back-office", "catalog.write orders.manage", clientId: "back-office", expiresIn: TimeSpan.FromHours(2));
var catalog = new List<string>();
for (var i = 0; i < 32; i++)
{
    catalog.Add(await CreateProductAsync(products, $"BENCH-{i}", category: $"c{i % 4}"));
}

var hot = catalog[0];
async Task<List<string>> CartsAsync(int count)
{
    var ids = new List<string>();
    for (var i = 0; i < count; i++)
    {
        var token = TokenOf($"cart-owner-{i}");
        using var create = new HttpRequestMessage(HttpMethod.Post, new Uri(carts.Address, "/carts")) { Content = JsonContent.Create(new { }) };
        create.Headers.Authorization = new("Bearer", token);
        var cart = await client.SendAsync(create);
        ids.Add($"{(await cart.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>()}\t{token}");
    }

    return ids;
}

async Task MeasureAsync(string name, Func<Task<LoadResult>> run)
{
    if (!Selected(name))
    {
        return;
    }

    Console.WriteLine($"  {name} ...");
    await SettleAsync();
    results[name] = await run();
}

// Load leaves work behind it: tiered compilation goes on recompiling the methods the load made hot for a minute and
// more on 2 cores (dotnet-counters: 3-4 s of JIT time in every 5 s, in Orders.Api, through the minute after the
// checkout priming), and a scenario measured meanwhile shares the cores with it: the order list measured at 0.4 of
// its rate a minute later. Each scenario, and each measured wrk run after its warm-up, starts once the services used
// less than a tenth of a core for a second.
async Task SettleAsync()
{
    double CpuSeconds() => services.Values.Sum(service => service.ProcessorTime.TotalSeconds);
    var waited = System.Diagnostics.Stopwatch.StartNew();
    for (var before = CpuSeconds(); waited.Elapsed < TimeSpan.FromSeconds(90);)
    {
        await Task.Delay(TimeSpan.FromSeconds(1));
        var now = CpuSeconds();
        if (now - before < 0.1)
        {
            return;
        }

        before = now;
    }

    Console.WriteLine("    the services were still busy after 90 s; measuring anyway");
}

// The storefront's catalog page size (CatalogClient.PageSize).
const int ShopPageSize = 12;
const string OrderBody = """{"items":[{"product_id":"{id}","quantity":1}]}""";
var cartLine = $$"""{"product_id":"{{hot}}","quantity":1}""";

// A freshly started service runs well below its steady rate for its first half-minute under load: tiered
// compilation recompiles 150-250 methods a second and takes half a core for it (dotnet-counters'
// dotnet.jit.compilation.time). Each service is loaded once, unmeasured, before anything is measured; with the
// scenario's own warm-up and the waits for the JIT to finish (SettleAsync), that measured checkout faster than two
// rounds of priming without the waits did (673 against 450 req/s, on 2 cores).
async Task PrimeAsync(string[] scenarios, Func<Task<LoadResult>> run)
{
    if (scenarios.Any(Selected))
    {
        await run();
    }
}

Console.WriteLine("Priming ...");
await PrimeAsync(["get_product", "get_product_with_token", "get_product_with_refused_token", "get_product_via_gateway", "scrape_cost", "list_products_1k", "list_products_category_1k", "list_products_1m", "list_products_category_1m"],
    () => wrk.RunAsync(products.Origin, "GET", "/products/{id}", null, catalog));
await PrimeAsync(["get_product_via_gateway"], () => wrk.RunAsync(gateway.Origin, "GET", "/products/{id}", null, catalog));
await PrimeAsync(["storefront_catalog_page", "storefront_product_page"], () => wrk.RunAsync(storefront.Origin, "GET", "/item/{id}", null, catalog));
await PrimeAsync(["cart_add_one_product"], async () => await wrk.RunAsync(carts.Origin, "POST", "/carts/{id}/items", cartLine, await CartsAsync(256), await CartsAsync(256)));
await PrimeAsync(["order_spread_products", "order_hot_product", "list_orders_1k", "list_orders_1m"],
    () => wrk.RunAsync(orders.Origin, "POST", "/orders", OrderBody, AsCustomers(catalog)));
await PrimeAsync(["list_orders_1k", "list_orders_1m"], () => wrk.RunAsync(orders.Origin, "GET", "/orders?limit=50", null, AsCustomers(["0"])));

Console.WriteLine("Measuring ...");
// Each ceiling is measured next to the scenario it is the ceiling of: the machine's speed drifts within minutes (the
// same build served GET /products/{id} at 7,800 and 10,800 req/s in runs four minutes apart), and a ratio of figures
// taken minutes apart would measure that drift as much as the service.
await MeasureAsync("get_product", () => wrk.RunAsync(products.Origin, "GET", "/products/{id}", null, catalog));
// The same read with an admin's token, which names Products.Api (catalog.write): the service validates every token it is
// sent, so the difference is the cost of validating one (signature, issuer, audience, type, lifetime), on the same build.
await MeasureAsync("get_product_with_token", () => wrk.RunAsync(products.Origin, "GET", "/products/{id}", null, AsAdmins(catalog)));
// And with a customer's token, which names Carts.Api and Orders.Api only: refused (the read goes on as anonymous), and a
// refusal must cost no more than an acceptance, or tokens sent to the wrong API are the cheapest way to load one.
await MeasureAsync("get_product_with_refused_token", () => wrk.RunAsync(products.Origin, "GET", "/products/{id}", null, AsCustomers(catalog)));
await MeasureAsync("pgbench_select", () => Ceilings.PgbenchSelectAsync(postgres, "pgbench", connections, duration, prepared: false));
await MeasureAsync("pgbench_select_prepared", () => Ceilings.PgbenchSelectAsync(postgres, "pgbench", connections, duration, prepared: true));
await MeasureAsync("get_product_via_gateway", () => wrk.RunAsync(gateway.Origin, "GET", "/products/{id}", null, catalog));
// The shop's pages, each beside the API call it wraps, measured one after the other: the catalog's first page is
// GET /products?limit=12 (and the categories), a product's page GET /products/{id}.
await MeasureAsync("list_products_page", () => wrk.RunAsync(products.Origin, "GET", $"/products?limit={ShopPageSize}", null, ["0"]));
await MeasureAsync("storefront_catalog_page", () => wrk.RunAsync(storefront.Origin, "GET", "/", null, ["0"]));
await MeasureAsync("storefront_product_page", () => wrk.RunAsync(storefront.Origin, "GET", "/item/{id}", null, catalog));
var productJson = await client.GetStringAsync(new Uri(products.Address, $"/products/{hot}"));
await MeasureAsync("bare_kestrel_same_json", () => Ceilings.BareKestrelAsync(wrk, productJson));
await MeasureAsync("cart_add_one_product", async () => await wrk.RunAsync(carts.Origin, "POST", "/carts/{id}/items",
    cartLine, await CartsAsync(256), await CartsAsync(256)));
await MeasureAsync("redis_cart_add_script", () => Ceilings.RedisCartScriptAsync(redis, redisPassword, connections));
await MeasureAsync("order_spread_products", () => wrk.RunAsync(orders.Origin, "POST", "/orders", OrderBody, AsCustomers(catalog)));
await MeasureAsync("order_hot_product", () => wrk.RunAsync(orders.Origin, "POST", "/orders", OrderBody, AsCustomers(Enumerable.Repeat(hot, customers.Length))));

// What Prometheus' scrapes cost a service under load (ScrapeCost): a second Products.Api on the same catalog, with its
// meters on a metrics port, beside the first.
ScrapeCostResult? scrapeCost = null;
if (Selected("scrape_cost"))
{
    Console.WriteLine("  scrape_cost ...");
    var metricsPort = FreePort.Next();
    await using var scraped = await ServiceProcess.StartAsync(repository, "Products.Api", configuration, Trusting(new()
    {
        ["ConnectionStrings__catalogdb"] = postgres.ConnectionStringFor("catalogdb"),
        ["METRICS_PORT"] = metricsPort.ToString(CultureInfo.InvariantCulture),
    }), "Products.Api (scraped)");
    services["products_scraped"] = scraped;
    // Each measured run spans two scrapes.
    var spanningScrapes = wrk.Lasting(2 * ScrapeCost.Interval);
    scrapeCost = await ScrapeCost.MeasureAsync("products", products, "products_scraped", scraped, new Uri($"http://127.0.0.1:{metricsPort}/metrics"),
        origin => spanningScrapes.RunAsync(origin, "GET", "/products/{id}", null, catalog));
    services.Remove("products_scraped");
}

await MeasureAsync("list_products_1k", () => ListAsync("/products?limit=50", 1_000));
await MeasureAsync("list_products_category_1k", () => ListAsync("/products?limit=50&category=c1", 1_000));
await MeasureAsync("list_products_1m", () => ListAsync("/products?limit=50", 1_000_000));
await MeasureAsync("list_products_category_1m", () => ListAsync("/products?limit=50&category=c1", 1_000_000));
await MeasureAsync("list_orders_1k", () => ListOrdersAsync(1_000));
await MeasureAsync("list_orders_1m", () => ListOrdersAsync(1_000_000));

// Last: its hundred thousand versions of one product's row leave vacuuming behind, which the list scenarios would share the cores with.
await MeasureAsync("pgbench_hot_row_update", () => Ceilings.PgbenchHotRowAsync(postgres, "catalogdb", Guid.Parse(hot), connections, duration));

var memory = services.ToDictionary(service => service.Key, service => service.Value.ResidentMegabytes);

var ratios = new[]
    {
        ("get_product_with_token", "get_product"),
        ("get_product_with_refused_token", "get_product"),
        ("get_product", "pgbench_select"),
        ("get_product", "bare_kestrel_same_json"),
        ("get_product_via_gateway", "get_product"),
        ("storefront_catalog_page", "list_products_page"),
        ("storefront_product_page", "get_product"),
        ("order_hot_product", "order_spread_products"),
        ("order_hot_product", "pgbench_hot_row_update"),
        ("cart_add_one_product", "redis_cart_add_script"),
        ("list_products_1m", "list_products_1k"),
        ("list_products_category_1m", "list_products_category_1k"),
        ("list_orders_1m", "list_orders_1k"),
    }
    .Where(pair => results.ContainsKey(pair.Item1) && results.ContainsKey(pair.Item2))
    .ToDictionary(pair => $"{pair.Item1} / {pair.Item2}", pair => results[pair.Item1].RequestsPerSecond / results[pair.Item2].RequestsPerSecond);

Console.WriteLine();
Console.WriteLine($"{"scenario",-34} {"req/s",10} {"p50 ms",8} {"p99 ms",8} {"errors",7} {"CPU µs/req",10}");
foreach (var (name, result) in results)
{
    var cpu = result.ServiceCpuMicrosecondsPerRequest is { } perService ? Wrk.Format(perService.Values.Sum()) : "-";
    Console.WriteLine($"{name,-34} {Wrk.Format(result.RequestsPerSecond),10} {Wrk.Format(result.P50Ms),8} {Wrk.Format(result.P99Ms),8} {result.Errors,7} {cpu,10}");
}

// Where each scenario's CPU goes, so that a regression shows the process it lands in.
var processes = results.Values.SelectMany(result => result.ServiceCpuMicrosecondsPerRequest?.Keys ?? Enumerable.Empty<string>())
    .Distinct().Order(StringComparer.Ordinal).ToList();
Console.WriteLine();
Console.WriteLine($"{"CPU µs/req per process",-34} {string.Concat(processes.Select(process => $" {process,12}"))}");
foreach (var (name, result) in results.Where(result => result.Value.ServiceCpuMicrosecondsPerRequest is not null))
{
    var perService = result.ServiceCpuMicrosecondsPerRequest!;
    Console.WriteLine($"{name,-34} {string.Concat(processes.Select(process => $" {(perService.TryGetValue(process, out var cpu) ? Wrk.Format(cpu) : "-"),12}"))}");
}

Console.WriteLine();
foreach (var (name, ratio) in ratios)
{
    Console.WriteLine($"{name,-55} {ratio.ToString("0.00", CultureInfo.InvariantCulture),6}");
}

// What validating a token costs: the CPU time a read with a token takes beyond the same read without. A checkout has no
// anonymous twin on this build (no setting turns authentication off): its share is two validations (the customer's
// token at Orders.Api, Orders.Api's own at Products.Api's reservation) out of the CPU time all services spend on it.
double? CpuPerRequest(string name) => results.TryGetValue(name, out var result) ? result.ServiceCpuMicrosecondsPerRequest?.Values.Sum() : null;
var authentication = new Dictionary<string, double>();
if (CpuPerRequest("get_product_with_token") is { } withToken && CpuPerRequest("get_product") is { } anonymous)
{
    authentication["validation_cpu_us"] = withToken - anonymous;
    authentication["get_product_cpu_share"] = (withToken - anonymous) / withToken;
    if (CpuPerRequest("order_spread_products") is { } checkout)
    {
        authentication["checkout_cpu_share"] = 2 * (withToken - anonymous) / checkout;
    }

    Console.WriteLine();
    Console.WriteLine($"Token validation: {Wrk.Format(authentication["validation_cpu_us"])} CPU µs a request; " +
        $"{authentication["get_product_cpu_share"]:P1} of a product read's CPU" +
        (authentication.TryGetValue("checkout_cpu_share", out var share) ? $", about {share:P1} of a checkout's (two validations)" : ""));
}

if (scrapeCost is not null)
{
    Console.WriteLine();
    Console.WriteLine($"Scraped every {scrapeCost.IntervalSeconds:0} s ({scrapeCost.Scrapes} scrapes, {scrapeCost.Failures} failed), a product read took " +
        $"{scrapeCost.MedianRatio:0.000} times the CPU of the same read unscraped (median of " +
        string.Join(", ", scrapeCost.Rounds.Select(round => $"{Wrk.Format(round.WithMicroseconds)} / {Wrk.Format(round.WithoutMicroseconds)} µs")) + ")");
}

Console.WriteLine();
Console.WriteLine($"RSS after the load (MiB): {string.Join(", ", memory.Select(m => $"{m.Key} {m.Value:0}"))}");

var resultsFolder = Path.Combine(repository, "eng", "bench", "results");
Directory.CreateDirectory(resultsFolder);
var file = Path.Combine(resultsFolder, $"{started:yyyy-MM-ddTHH-mm-ss}Z.json");
await File.WriteAllTextAsync(file, JsonSerializer.Serialize(new
{
    started,
    machine = new { cores = Environment.ProcessorCount, configuration, connections, duration_seconds = duration.TotalSeconds },
    results,
    ratios,
    authentication,
    scrape_cost = scrapeCost,
    rss_mib = memory,
}, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }));
Console.WriteLine($"Written to {Path.GetRelativePath(repository, file)} in {(DateTime.UtcNow - started).TotalMinutes:0.0} min.");

// The servers' folders go with them; 'await using' stops the servers first, at the end of the program.
AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(root, recursive: true);

// Filler rows' ids grow with their number n, as the services' version 7 ids grow with time, so that a table is laid out
// as a real one is: in id order. Random ids put the rows of a first page on some 50 different pages of the table, where
// a real table has them on two or three.
const string FillerId = "('00000000-0000-7000-8000-' || lpad(to_hex(n), 12, '0'))::uuid";

// Rows for the list scenarios are added in bulk by SQL up to the size asked for; the catalog only grows.
async Task<LoadResult> ListAsync(string path, int rows)
{
    await using (var connection = new NpgsqlConnection(postgres.ConnectionStringFor("catalogdb")))
    {
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM products", connection);
        var existing = (long)(await count.ExecuteScalarAsync())!;
        await using var fill = new NpgsqlCommand(
            "INSERT INTO products (id, sku, name, description, category, price, currency, stock, reserved, committed, created_at, updated_at) " +
            $"SELECT {FillerId}, 'FILL-' || n, 'Filler ' || n, NULL, 'c' || (n % 4), 9.99, 'USD', 1, 0, 0, now(), now() " +
            "FROM generate_series(@from, @to) AS n", connection) { CommandTimeout = 300 };
        fill.Parameters.AddWithValue("from", existing + 1);
        fill.Parameters.AddWithValue("to", (long)rows);
        await fill.ExecuteNonQueryAsync();
        await using var analyze = new NpgsqlCommand("ANALYZE products", connection);
        await analyze.ExecuteNonQueryAsync();
    }

    return await wrk.RunAsync(products.Origin, "GET", path, null, ["0"]);
}

// One user's page of orders out of a table of the size asked for: the orders the checkout scenarios placed are removed
// first, then filler orders are added (one line and one status change each). The listed user has 100 of the first
// 1,000, so the page is full at either size; the others go to 10,000 users.
async Task<LoadResult> ListOrdersAsync(int rows)
{
    await using (var connection = new NpgsqlConnection(postgres.ConnectionStringFor("ordersdb")))
    {
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM orders WHERE user_id NOT LIKE 'bench-%'", connection);
        if ((long)(await count.ExecuteScalarAsync())! == 0)
        {
            await using var clear = new NpgsqlCommand("DELETE FROM orders WHERE user_id LIKE 'bench-%'", connection) { CommandTimeout = 300 };
            await clear.ExecuteNonQueryAsync();
        }

        await using var existing = new NpgsqlCommand("SELECT count(*) FROM orders", connection);
        var from = (long)(await existing.ExecuteScalarAsync())! + 1;
        await using var fill = new NpgsqlCommand($"""
            WITH filler AS (
                INSERT INTO orders (id, user_id, cart_id, status, currency, total, reservation, created_at, updated_at)
                SELECT {FillerId},
                       CASE WHEN n <= 1000 AND n % 10 = 0 THEN 'lister' ELSE 'user-' || (n % 10000) END, NULL,
                       'Pending', 'USD', 9.99, 'Committed', now(), now()
                FROM generate_series(@from, @to) AS n
                RETURNING id, created_at),
            lines AS (
                INSERT INTO order_items (order_id, product_id, sku, name, unit_price, currency, quantity)
                SELECT id, gen_random_uuid(), 'FILL', 'Filler', 9.99, 'USD', 1 FROM filler)
            INSERT INTO order_status_history (order_id, status, at) SELECT id, 'Pending', created_at FROM filler
            """, connection) { CommandTimeout = 600 };
        fill.Parameters.AddWithValue("from", from);
        fill.Parameters.AddWithValue("to", (long)rows);
        await fill.ExecuteNonQueryAsync();
        // The checkout scenarios left tens of thousands of deleted and updated rows behind: vacuumed, as autovacuum
        // would have done long before in a real table, so that both sizes are measured on live rows only.
        await using var vacuum = new NpgsqlCommand("VACUUM (ANALYZE) orders, order_items, order_status_history", connection) { CommandTimeout = 600 };
        await vacuum.ExecuteNonQueryAsync();
    }

    return await wrk.RunAsync(orders.Origin, "GET", "/orders?user_id=lister&limit=50", null, [$"0\t{TokenOf("lister")}"]);
}

async Task<string> CreateProductAsync(ServiceProcess service, string sku, string category)
{
    using var create = new HttpRequestMessage(HttpMethod.Post, new Uri(service.Address, "/products"))
    {
        Content = JsonContent.Create(new { sku, name = sku, category, price = 19.99m, stock = 100_000_000 }),
    };
    create.Headers.Authorization = new("Bearer", backOffice);
    var response = await client.SendAsync(create);
    response.EnsureSuccessStatusCode();
    return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
}

int Argument(string name, int fallback) =>
    Array.IndexOf(args, name) is var at and >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
