using System.Net;
using Ecommerce.TestSupport.Identity;

namespace Identity.Api.Tests;

/// <summary>Registration, login, lockout and logout, as forms in a browser without JavaScript.</summary>
public class AccountPagesTests(IdentityApiFixture identity) : IClassFixture<IdentityApiFixture>
{
    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_so_that_even_the_right_one_is_refused()
    {
        using var person = new Person(identity.BaseAddress);
        await person.RegisterAsync();
        using var attacker = new Person(identity.BaseAddress, person.Email);

        var wrong = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            wrong.Add((await attacker.LoginAsync("Wr0ng!password")).StatusCode);
        }

        var right = await attacker.LoginAsync();

        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests], wrong);
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.InRange(int.Parse(right.Headers.RetryAfter!.ToString(), System.Globalization.CultureInfo.InvariantCulture), 1, 300);
        Assert.Contains("locked", await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_right_password_signs_in_and_goes_back_to_a_local_return_url_only()
    {
        using var registered = new Person(identity.BaseAddress);
        await registered.RegisterAsync();
        using var person = new Person(identity.BaseAddress, registered.Email);

        var local = await person.LoginAsync(returnUrl: "/account/device");
        using var other = new Person(identity.BaseAddress, registered.Email);
        var foreign = await other.LoginAsync(returnUrl: "https://attacker.test/");

        Assert.Equal("/account/device", local.Headers.Location!.ToString());
        Assert.Equal("/account/login", foreign.Headers.Location!.ToString());
    }

    public static TheoryData<string, string, string, string> BadRegistrations => new()
    {
        { "no email", "", Person.DefaultPassword, Person.DefaultPassword },
        { "not an email", "not-an-email", Person.DefaultPassword, Person.DefaultPassword },
        { "10,000-character email", new string('a', 9_988) + "@example.com", Person.DefaultPassword, Person.DefaultPassword },
        { "no password", "a@example.com", "", "" },
        { "weak password", "a@example.com", "password", "password" },
        { "10,000-character password", "a@example.com", new string('P', 10_000), new string('P', 10_000) },
        { "passwords differ", "a@example.com", Person.DefaultPassword, Person.DefaultPassword + "x" },
        { "NUL in email", "a\0b@example.com", Person.DefaultPassword, Person.DefaultPassword },
        { "NUL in password", "a@example.com", "Str0ng!\0Pass", "Str0ng!\0Pass" },
    };

    [Theory]
    [MemberData(nameof(BadRegistrations))]
    public async Task A_bad_registration_is_a_400_page_and_creates_no_account(string label, string email, string password, string confirm)
    {
        using var person = new Person(identity.BaseAddress, email, password);
        var form = await person.FormAsync("/account/register");

        var response = await form.PostAsync(("Form.Email", email), ("Form.Password", password), ("Form.ConfirmPassword", confirm));

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{label}: {(int)response.StatusCode}");
        Assert.Null(response.Headers.Location);
        // Nothing was registered: the same address can sign in to nothing.
        using var again = new Person(identity.BaseAddress, email.Replace("\0", "", StringComparison.Ordinal), Person.DefaultPassword);
        Assert.NotEqual(HttpStatusCode.Redirect, (await again.LoginAsync()).StatusCode);
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("a@example.com", "")]
    [InlineData("a\0@example.com", "x")]
    public async Task A_bad_login_form_is_a_400_page(string email, string password)
    {
        using var person = new Person(identity.BaseAddress, email, password);
        var form = await person.FormAsync("/account/login");

        var response = await form.PostAsync(("Form.Email", email), ("Form.Password", password));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_form_posted_without_its_antiforgery_token_is_refused()
    {
        using var person = new Person(identity.BaseAddress);

        var response = await person.Browser.PostAsync("/account/register", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Form.Email"] = person.Email,
            ["Form.Password"] = person.Password,
            ["Form.ConfirmPassword"] = person.Password,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotEqual(HttpStatusCode.Redirect, (await person.LoginAsync()).StatusCode);
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        using var person = new Person(identity.BaseAddress);
        await person.RegisterAsync();

        var form = await person.FormAsync("/account/logout");
        Assert.Equal(HttpStatusCode.Redirect, (await form.PostAsync()).StatusCode);

        var authorization = await person.Browser.GetAsync($"/connect/authorize?client_id=api-reference&response_type=code&scope=openid&redirect_uri={Uri.EscapeDataString(IdentitySettings.Callback)}&code_challenge={Pkce.Create().Challenge}&code_challenge_method=S256");
        Assert.Equal("/account/login", authorization.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task The_callback_page_shows_the_code_it_was_sent_encoded()
    {
        using var person = new Person(identity.BaseAddress);

        var page = await (await person.Browser.GetAsync("/callback?code=abc%3Cscript%3E&state=s1")).Content.ReadAsStringAsync();

        Assert.Contains("abc&lt;script&gt;", page, StringComparison.Ordinal);
        Assert.DoesNotContain("abc<script>", page, StringComparison.Ordinal);
        Assert.Contains("connect/token", page, StringComparison.Ordinal);
    }
}
