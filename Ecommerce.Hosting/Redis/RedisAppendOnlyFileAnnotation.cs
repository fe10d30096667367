using Aspire.Hosting.ApplicationModel;

namespace Ecommerce.Hosting.Redis;

/// <summary>Marks a Redis resource that logs every write to its append-only file (<c>appendonly yes</c>).</summary>
public sealed class RedisAppendOnlyFileAnnotation : IResourceAnnotation;
