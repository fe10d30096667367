using System.Net;
using System.Text.RegularExpressions;

namespace Ecommerce.TestSupport.Identity;

/// <summary>
/// A page's form as a browser without JavaScript sends it: to its action (or the page's own address), with its hidden
/// fields (the antiforgery token among them) and what the person types.
/// </summary>
public sealed partial class HtmlForm(HttpClient http, Uri action, IReadOnlyDictionary<string, string> hidden)
{
    public IReadOnlyDictionary<string, string> Hidden { get; } = hidden;

    /// <summary>The first form on <paramref name="page"/>, read from its HTML; <paramref name="pageUrl"/> is where it was served.</summary>
    public static HtmlForm First(HttpClient http, Uri pageUrl, string page, string method = "post")
    {
        var form = FormTag().Matches(page).FirstOrDefault(f => Attributes(f.Groups["attributes"].Value).GetValueOrDefault("method", "get") == method)
            ?? throw new InvalidOperationException($"No {method} form on {pageUrl}: {page[..Math.Min(page.Length, 500)]}");
        var attributes = Attributes(form.Groups["attributes"].Value);
        var action = attributes.TryGetValue("action", out var target) ? new Uri(pageUrl, target) : pageUrl;
        var hidden = InputTag().Matches(form.Groups["body"].Value)
            .Select(input => Attributes(input.Groups["attributes"].Value))
            .Where(input => input.GetValueOrDefault("type") == "hidden" && input.ContainsKey("name"))
            .ToDictionary(input => input["name"], input => input.GetValueOrDefault("value", ""));
        return new HtmlForm(http, action, hidden);
    }

    /// <summary>Posts the hidden fields and <paramref name="fields"/> (which win over a hidden field of the same name).</summary>
    public Task<HttpResponseMessage> PostAsync(params (string Name, string Value)[] fields)
    {
        var values = Hidden.ToDictionary();
        foreach (var (name, value) in fields)
        {
            values[name] = value;
        }

        return http.PostAsync(action, new FormUrlEncodedContent(values));
    }

    private static Dictionary<string, string> Attributes(string text) =>
        Attribute().Matches(text).ToDictionary(a => a.Groups["name"].Value, a => WebUtility.HtmlDecode(a.Groups["value"].Value));

    [GeneratedRegex(@"<form(?<attributes>[^>]*)>(?<body>.*?)</form>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex FormTag();

    [GeneratedRegex(@"<input(?<attributes>[^>]*)>", RegexOptions.IgnoreCase)]
    private static partial Regex InputTag();

    [GeneratedRegex(@"(?<name>[\w.:-]+)=""(?<value>[^""]*)""")]
    private static partial Regex Attribute();
}
