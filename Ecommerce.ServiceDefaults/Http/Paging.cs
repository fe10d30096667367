using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Ecommerce.ServiceDefaults.Http;

/// <summary>A page of a keyset-paginated list: at most <see cref="Limit"/> rows after the row <see cref="After"/>.</summary>
public readonly record struct PageRequest(int Limit, Guid? After)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    /// <summary>Reads <c>limit</c> (capped at <see cref="MaxLimit"/>) and the opaque <c>after</c> cursor.</summary>
    public static PageRequest Parse(string? limit, string? after, ValidationErrors errors)
    {
        var pageSize = DefaultLimit;
        if (limit is not null)
        {
            if (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize < 1)
            {
                errors.Add("limit", "Must be a whole number of at least 1.");
            }

            pageSize = Math.Min(pageSize, MaxLimit);
        }

        Guid? cursor = null;
        if (after is not null)
        {
            if (Cursor.TryDecode(after, out var id))
            {
                cursor = id;
            }
            else
            {
                errors.Add("after", "Is not a cursor this list handed out.");
            }
        }

        return new PageRequest(pageSize, cursor);
    }

    /// <summary>
    /// Given up to <see cref="Limit"/> + 1 rows, keeps <see cref="Limit"/> and, when there were more, adds a relative
    /// <c>Link: &lt;…&gt;; rel="next"</c> (RFC 8288) that keeps the request's filters.
    /// </summary>
    public IReadOnlyList<T> TakePage<T>(IReadOnlyList<T> rowsPlusOne, Func<T, Guid> idOf, HttpContext context)
    {
        if (rowsPlusOne.Count <= Limit)
        {
            return rowsPlusOne;
        }

        var page = rowsPlusOne.Take(Limit).ToList();
        var request = context.Request;
        var query = request.Query
            .Where(pair => pair.Key is not ("after" or "limit"))
            .Select(pair => KeyValuePair.Create(pair.Key, (StringValues)pair.Value))
            .Append(KeyValuePair.Create("after", (StringValues)Cursor.Encode(idOf(page[^1]))))
            .Append(KeyValuePair.Create("limit", (StringValues)Limit.ToString(CultureInfo.InvariantCulture)));
        var target = $"{request.PathBase}{request.Path}{QueryString.Create(query)}";
        context.Response.Headers.Link = $"<{target}>; rel=\"next\"";
        return page;
    }
}

/// <summary>The opaque cursor: a row id in URL-safe base64, so that clients do not build cursors themselves.</summary>
public static class Cursor
{
    public static string Encode(Guid id) => Convert.ToBase64String(id.ToByteArray(bigEndian: true))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool TryDecode(string cursor, out Guid id)
    {
        id = default;
        if (cursor.Length != 22)
        {
            return false;
        }

        var base64 = cursor.Replace('-', '+').Replace('_', '/') + "==";
        Span<byte> bytes = stackalloc byte[18];
        if (!Convert.TryFromBase64String(base64, bytes, out var written) || written != 16)
        {
            return false;
        }

        id = new Guid(bytes[..16], bigEndian: true);
        return true;
    }
}
