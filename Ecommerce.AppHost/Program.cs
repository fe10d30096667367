using System.Security.Cryptography.X509Certificates;

var builder = DistributedApplication.CreateBuilder(args);

// The local run is plain HTTP (the http launch profile): no resource serves TLS, so none asks for a development
// certificate, and the dashboard has no untrusted one to warn about. WithoutHttpsCertificate is experimental.
#pragma warning disable ASPIRECERTIFICATES001

var postgres = builder.AddPostgres("postgres")
    .WithDataVolume()
    .WithLocalProcessFallback();
var catalogDb = postgres.AddDatabase("catalogdb");
var ordersDb = postgres.AddDatabase("ordersdb");
var identityDb = postgres.AddDatabase("identitydb");

// Carts live in Redis: kept on a volume, every acknowledged change in the append-only file, so a restart loses none.
var cache = builder.AddRedis("cache")
    .WithDataVolume()
    .WithAppendOnlyFile()
    .WithoutHttpsCertificate()
    .WithLocalProcessFallback();

// Identity.Api's secrets, generated once and kept in the AppHost's user secrets (the cluster's Secret in deploy/).
// The admin's password meets ASP.NET Core Identity's policy: a lower and an upper case letter, a digit and a symbol.
var adminPassword = builder.AddParameter("admin-password",
    new GenerateParameterDefault { MinLength = 22, MinLower = 1, MinUpper = 1, MinNumeric = 1, MinSpecial = 1 }, secret: true, persist: true);
var backOfficeSecret = builder.AddParameter("back-office-secret", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true);
var ordersServiceSecret = builder.AddParameter("orders-service-secret", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true);
var storefrontSecret = builder.AddParameter("storefront-secret", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true);
var signingCertificate = builder.AddCertificateParameter("identity-signing-certificate", X509KeyUsageFlags.DigitalSignature);
var encryptionCertificate = builder.AddCertificateParameter("identity-encryption-certificate", X509KeyUsageFlags.KeyEncipherment);

// The services read only connection strings and service discovery, so references inject only those.
const ReferenceEnvironmentInjectionFlags ServicesRead = ReferenceEnvironmentInjectionFlags.ConnectionString | ReferenceEnvironmentInjectionFlags.ServiceDiscovery;

// A cluster runs at least two of each service (the deploy tree's autoscalers start there); a laptop runs one.
var replicas = builder.ExecutionContext.IsPublishMode ? 2 : 1;

var gateway = builder.AddProject<Projects.Ecommerce_Gateway>("gateway")
    .WithoutHttpsCertificate()
    .WithReferenceEnvironment(ServicesRead)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints()
    .WithMetricsEndpoint();

// In the cluster, Emissary says in X-Forwarded-Proto that the request came over TLS. Identity.Api believes it from the pod
// network only (ASPNETCORE_FORWARDEDHEADERS_ENABLED would believe any client): the scheme of its URLs depends on it.
var podNetwork = builder.AddParameter("pod-network", "10.0.0.0/8", publishValueAsDefault: true);

// The issuer is the public origin, the gateway's URL: the login pages, redirects, discovery document and tokens all name it.
var issuer = gateway.GetEndpoint("http");
var identity = builder.AddProject<Projects.Identity_Api>("identity")
    .WithoutHttpsCertificate()
    .WithMetricsEndpoint()
    .WithReferenceEnvironment(ServicesRead)
    .WithReplicas(replicas)
    .WithReference(identityDb)
    .WaitFor(identityDb)
    .DisableForwardedHeaders()
    .WithEnvironment("Identity__TrustedProxyNetworks__0", podNetwork)
    .WithEnvironment("Identity__Issuer", issuer)
    .WithEnvironment("Identity__AdminPassword", adminPassword)
    .WithEnvironment("Identity__SigningCertificates", signingCertificate)
    .WithEnvironment("Identity__EncryptionCertificates", encryptionCertificate)
    .WithEnvironment("Identity__Clients__back-office__Secret", backOfficeSecret)
    .WithEnvironment("Identity__Clients__orders-service__Secret", ordersServiceSecret)
    .WithEnvironment("Identity__Clients__storefront__Secret", storefrontSecret)
    .WithEnvironment("Identity__Clients__storefront__RedirectUris__0", ReferenceExpression.Create($"{issuer}/signin-oidc"))
    .WithEnvironment("Identity__Clients__storefront__PostLogoutRedirectUris__0", ReferenceExpression.Create($"{issuer}/signout-callback-oidc"))
    .WithEnvironment("Identity__Clients__api-reference__RedirectUris__0", ReferenceExpression.Create($"{issuer}/callback"))
    .WithHttpHealthCheck("/health");

// Every service takes the tokens of that issuer, checked with the keys of its discovery document, fetched through the reference.
var products = builder.AddProject<Projects.Products_Api>("products")
    .WithoutHttpsCertificate()
    .WithMetricsEndpoint()
    .WithReferenceEnvironment(ServicesRead)
    .WithReplicas(replicas)
    .WithReference(identity)
    .WithEnvironment("Authentication__Issuer", issuer)
    .WithReference(catalogDb)
    .WaitFor(catalogDb)
    .WithHttpHealthCheck("/health");

var carts = builder.AddProject<Projects.Carts_Api>("carts")
    .WithoutHttpsCertificate()
    .WithMetricsEndpoint()
    .WithReferenceEnvironment(ServicesRead)
    .WithReplicas(replicas)
    .WithReference(identity)
    .WithEnvironment("Authentication__Issuer", issuer)
    .WithReference(cache)
    .WithReference(products)
    .WaitFor(cache)
    .WithHttpHealthCheck("/health");

// Orders.Api reserves stock with its own token (client orders-service); it reads carts with the customer's.
var orders = builder.AddProject<Projects.Orders_Api>("orders")
    .WithoutHttpsCertificate()
    .WithMetricsEndpoint()
    .WithReferenceEnvironment(ServicesRead)
    .WithReplicas(replicas)
    .WithReference(identity)
    .WithEnvironment("Authentication__Issuer", issuer)
    .WithEnvironment("ServiceIdentity__ClientSecret", ordersServiceSecret)
    .WithReference(ordersDb)
    .WithReference(products)
    .WithReference(carts)
    .WaitFor(ordersDb)
    .WaitFor(products)
    .WaitFor(carts)
    .WithHttpHealthCheck("/health");

// The shop: it signs people in at Identity.Api as a confidential client and calls the services with their tokens. Its
// data-protection keys (sessions, antiforgery) live in the cache, so every replica and every restart reads them.
var storefront = builder.AddProject<Projects.Storefront>("storefront")
    .WithoutHttpsCertificate()
    .WithMetricsEndpoint()
    .WithReferenceEnvironment(ServicesRead)
    .WithReplicas(replicas)
    .DisableForwardedHeaders()
    .WithEnvironment("Storefront__TrustedProxyNetworks__0", podNetwork)
    .WithReference(identity)
    .WithEnvironment("Authentication__Issuer", issuer)
    .WithEnvironment("Storefront__ClientSecret", storefrontSecret)
    .WithReference(cache)
    .WithReference(products)
    .WithReference(carts)
    .WithReference(orders)
    .WaitFor(cache)
    .WaitFor(identity)
    .WithHttpHealthCheck("/health");

if (builder.ExecutionContext.IsRunMode)
{
    // A newcomer who opens the shop sees a shop: a demo catalog with pictures, added to an empty catalog, never in deploy/.
    products.WithEnvironment("Catalog__DemoData", "true");

    // In the local run a person logs in from each service's API reference page: api-reference may come back to it.
    IResourceBuilder<ProjectResource>[] withReferencePages = [products, carts, orders];
    for (var i = 0; i < withReferencePages.Length; i++)
    {
        identity.WithEnvironment($"Identity__Clients__api-reference__RedirectUris__{i + 1}",
            ReferenceExpression.Create($"{withReferencePages[i].GetEndpoint("http")}/scalar/v1"));
    }
}

gateway
    .WithRoute("/products", products)
    .WithRoute("/carts", carts)
    .WithRoute("/orders", orders, timeout: TimeSpan.FromSeconds(30))
    .WithRoute("/connect", identity)
    .WithRoute("/.well-known", identity)
    .WithRoute("/account", identity)
    .WithRoute("/callback", identity)
    .WithRoute("/", storefront, timeout: TimeSpan.FromSeconds(30))
    .WaitFor(products)
    .WaitFor(carts)
    .WaitFor(orders)
    .WaitFor(identity)
    .WaitFor(storefront);

#pragma warning restore ASPIRECERTIFICATES001

builder.AddDeployTree();

builder.Build().Run();
