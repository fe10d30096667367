using Npgsql;
using StackExchange.Redis;

namespace Ecommerce.Chaos;

/// <summary>One check of the run's books, read from the databases and Redis, against what the clients were told.</summary>
public sealed record Book(string Name, bool Balanced, string Detail);

/// <summary>The books, once the load has stopped and the background work (committer, reconciler, sweeper) has settled.</summary>
public static class Books
{
    /// <summary>Until no order waits for its reservation to be settled and no reservation is held.</summary>
    public static async Task<bool> SettleAsync(Platform platform, TimeSpan within)
    {
        var giveUpAt = DateTime.UtcNow + within;
        while (DateTime.UtcNow < giveUpAt)
        {
            var unsettled = await ScalarAsync(platform, "ordersdb", "SELECT count(*) FROM orders WHERE reservation IN ('Reserved', 'ReleasePending')");
            var held = await ScalarAsync(platform, "catalogdb", "SELECT count(*) FROM reservations WHERE status = 'Reserved'");
            if (unsettled == 0 && held == 0)
            {
                return true;
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        return false;
    }

    public static async Task<IReadOnlyList<Book>> CheckAsync(Platform platform, ClientLedger ledger, IReadOnlyList<Answer> answers)
    {
        var products = await RowsAsync(platform, "catalogdb", "SELECT id, reserved, committed FROM products",
            row => (Id: row.GetGuid(0), Reserved: row.GetInt32(1), Committed: row.GetInt32(2)));
        var reservations = (await RowsAsync(platform, "catalogdb", "SELECT id, status FROM reservations", row => (Id: row.GetGuid(0), Status: row.GetString(1))))
            .ToDictionary(r => r.Id, r => r.Status);
        var reservedItems = Lines(await RowsAsync(platform, "catalogdb", "SELECT reservation_id, product_id, quantity FROM reservation_items", Line));
        var orders = (await RowsAsync(platform, "ordersdb", "SELECT id, user_id, status, total FROM orders",
            row => (Id: row.GetGuid(0), Customer: row.GetString(1), Status: row.GetString(2), Total: row.GetDecimal(3)))).ToDictionary(o => o.Id);
        var orderedItems = Lines(await RowsAsync(platform, "ordersdb", "SELECT order_id, product_id, quantity FROM order_items", Line));
        IReadOnlyDictionary<Guid, int> ItemsOf(Dictionary<Guid, Dictionary<Guid, int>> lines, Guid id) => lines.TryGetValue(id, out var items) ? items : [];

        var live = orders.Values.Where(o => o.Status != "Cancelled").ToList();
        var notCommittedOnce = live.Count(o => reservations.GetValueOrDefault(o.Id) != "Committed" || Customer.Differs(ItemsOf(orderedItems, o.Id), ItemsOf(reservedItems, o.Id)));
        var cancelledNotBack = orders.Values.Count(o => o.Status == "Cancelled" && reservations.GetValueOrDefault(o.Id) is not ("Released" or "Expired"));
        var soldWithoutOrder = reservations.Count(r => r.Value == "Committed" && (!orders.TryGetValue(r.Key, out var order) || order.Status == "Cancelled"));
        var committedPerProduct = reservations.Where(r => r.Value == "Committed").SelectMany(r => ItemsOf(reservedItems, r.Key))
            .GroupBy(line => line.Key).ToDictionary(g => g.Key, g => g.Sum(line => line.Value));
        var committedMismatch = products.Count(p => p.Committed != committedPerProduct.GetValueOrDefault(p.Id));

        var placed = ledger.Placed.ToList();
        var answeredWrongly = placed.Count(p => !orders.TryGetValue(p.Id, out var order) || order.Customer != p.Customer || order.Total != p.Total ||
            Customer.Differs(p.Items, ItemsOf(orderedItems, p.Id)));
        var cancelLost = ledger.CancelledOrders.Count(id => !orders.TryGetValue(id, out var order) || order.Status != "Cancelled");

        var keptCartsLost = await LostInKeptCartsAsync(platform, ledger);
        var wrong = answers.Where(a => a.Kind == AnswerKind.Wrong).ToList();

        return
        [
            await StockAsync(platform, ledger),
            new("no reservation left held", products.All(p => p.Reserved == 0) && !reservations.ContainsValue("Reserved"),
                $"{products.Sum(p => p.Reserved)} units reserved, {reservations.Count(r => r.Value == "Reserved")} reservations held"),
            new("every live order's units committed once", notCommittedOnce == 0 && soldWithoutOrder == 0 && committedMismatch == 0,
                $"{live.Count} live orders, {notCommittedOnce} not committed as ordered, {soldWithoutOrder} sold without an order, {committedMismatch} products' committed off"),
            new("every cancelled order's units back", cancelledNotBack == 0 && cancelLost == 0,
                $"{orders.Count - live.Count} cancelled, {cancelledNotBack} not released, {cancelLost} acknowledged cancellations not stored"),
            await OrdersPerKeyAsync(platform),
            new("every 201 is the order stored", answeredWrongly == 0, $"{placed.Count} orders answered, {answeredWrongly} differ from the database"),
            new("no lost cart update", ledger.LostCartUpdates + keptCartsLost == 0,
                $"{ledger.KeptCarts.Count} kept carts, {keptCartsLost} lost in them, {ledger.LostCartUpdates} lost in checkouts" +
                string.Concat(ledger.LostCartUpdateExamples.Take(3).Select(example => "; " + example))),
            new("no 500, no hang, no other wrong answer", wrong.Count == 0,
                $"{answers.Count} answers, {wrong.Count} wrong" + string.Concat(wrong.GroupBy(a => (a.Operation, a.Status)).Take(5)
                    .Select(g => $"; {g.Count()} x {g.Key.Status} to {g.Key.Operation}"))),
        ];
    }

    /// <summary>Holds at every moment the admin is not changing the catalog: units only move between the three columns.</summary>
    public static async Task<Book> StockAsync(Platform platform, ClientLedger ledger)
    {
        var products = await RowsAsync(platform, "catalogdb", "SELECT id, stock + reserved + committed, coalesce(description, '') FROM products",
            row => (Id: row.GetGuid(0), Units: row.GetInt32(1), Description: row.GetString(2)));
        var unbalanced = products.Where(p =>
        {
            var unsure = ledger.UnsureStockChanges.Where(c => c.ProductId == p.Id && c.Marker == p.Description).Sum(c => c.Added);
            return p.Units != ledger.InitialStock[p.Id] + ledger.StockAdded.GetValueOrDefault(p.Id) + unsure;
        }).Select(p => p.Id).ToList();
        return new("stock + reserved + committed = initial + admin changes", unbalanced.Count == 0,
            $"{products.Count} products, {unbalanced.Count} off{(unbalanced.Count > 0 ? ": " + string.Join(", ", unbalanced.Take(5)) : "")}");
    }

    /// <summary>Holds at every moment: every order is the one its Idempotency-Key names, and no cart was ordered twice.</summary>
    public static async Task<Book> OrdersPerKeyAsync(Platform platform)
    {
        var orders = await ScalarAsync(platform, "ordersdb", "SELECT count(*) FROM orders");
        var unkeyed = await ScalarAsync(platform, "ordersdb",
            "SELECT count(*) FROM orders o WHERE NOT EXISTS (SELECT 1 FROM idempotency_keys k WHERE k.order_id = o.id)");
        var cartsOrderedTwice = await ScalarAsync(platform, "ordersdb",
            "SELECT count(*) FROM (SELECT cart_id FROM orders GROUP BY cart_id HAVING count(*) > 1) twice");
        return new("one order per Idempotency-Key", unkeyed == 0 && cartsOrderedTwice == 0,
            $"{orders} orders, {unkeyed} not named by their key, {cartsOrderedTwice} carts ordered twice");
    }

    /// <summary>Lines of a kept cart in Redis that differ from what its owner was last acknowledged.</summary>
    private static async Task<int> LostInKeptCartsAsync(Platform platform, ClientLedger ledger)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(platform.Redis.ConnectionString);
        var lost = 0;
        foreach (var (cart, expected) in ledger.KeptCarts)
        {
            var stored = (await redis.GetDatabase().HashGetAllAsync($"cart:{cart}"))
                .Where(field => field.Name.ToString().StartsWith("qty:", StringComparison.Ordinal))
                .ToDictionary(field => Guid.Parse(field.Name.ToString()["qty:".Length..]), field => (int)field.Value);
            lost += expected.Count(line => stored.GetValueOrDefault(line.Key) != line.Value);
        }

        return lost;
    }

    private static (Guid Owner, Guid Product, int Quantity) Line(NpgsqlDataReader row) => (row.GetGuid(0), row.GetGuid(1), row.GetInt32(2));

    private static Dictionary<Guid, Dictionary<Guid, int>> Lines(IEnumerable<(Guid Owner, Guid Product, int Quantity)> lines) =>
        lines.GroupBy(line => line.Owner).ToDictionary(g => g.Key, g => g.ToDictionary(line => line.Product, line => line.Quantity));

    private static async Task<long> ScalarAsync(Platform platform, string database, string sql)
    {
        await using var connection = await OpenAsync(platform, database);
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<List<T>> RowsAsync<T>(Platform platform, string database, string sql, Func<NpgsqlDataReader, T> read)
    {
        await using var connection = await OpenAsync(platform, database);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    private static async Task<NpgsqlConnection> OpenAsync(Platform platform, string database)
    {
        var connection = new NpgsqlConnection(platform.Postgres.ConnectionStringFor(database));
        await connection.OpenAsync();
        return connection;
    }
}
