using System.Security.Cryptography.X509Certificates;

var builder = DistributedApplication.CreateBuilder(args);

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

// Identity.Api's secrets. The admin's password meets ASP.NET Core Identity's policy: lower and upper case, digit, symbol.
var adminPassword = builder.AddGeneratedSecret("admin-password", new() { MinLength = 22, MinLower = 1, MinUpper = 1, MinNumeric = 1, MinSpecial = 1 });
var backOfficeSecret = builder.AddGeneratedSecret("back-office-secret");
var ordersServiceSecret = builder.AddGeneratedSecret("orders-service-secret");
var storefrontSecret = builder.AddGeneratedSecret("storefront-secret");
var signingCertificate = builder.AddCertificateParameter("identity-signing-certificate", X509KeyUsageFlags.DigitalSignature);
var encryptionCertificate = builder.AddCertificateParameter("identity-encryption-certificate", X509KeyUsageFlags.KeyEncipherment);

// In the cluster, Emissary says in X-Forwarded-Proto that the request came over TLS: believed from the pod network only.
var podNetwork = builder.AddParameter("pod-network", "10.0.0.0/8", publishValueAsDefault: true);

var gateway = builder.AddPlatformProject<Projects.Ecommerce_Gateway>("gateway", replicated: false)
    .WithExternalHttpEndpoints();

// The issuer is the public origin, the gateway's URL: the login pages, redirects, discovery document and tokens all name it.
var issuer = gateway.GetEndpoint("http");
var identity = builder.AddPlatformProject<Projects.Identity_Api>("identity")
    .WithReference(identityDb)
    .WaitFor(identityDb)
    .WithTrustedProxies("Identity", podNetwork)
    .WithEnvironment("Identity__Issuer", issuer)
    .WithEnvironment("Identity__AdminPassword", adminPassword)
    .WithEnvironment("Identity__SigningCertificates", signingCertificate)
    .WithEnvironment("Identity__EncryptionCertificates", encryptionCertificate)
    .WithClientSecret("back-office", backOfficeSecret)
    .WithClientSecret("orders-service", ordersServiceSecret)
    .WithClientSecret("storefront", storefrontSecret)
    .WithClientRedirects("storefront", issuer, "/signin-oidc", "/signout-callback-oidc")
    .WithClientRedirects("api-reference", issuer, "/callback");

var products = builder.AddPlatformProject<Projects.Products_Api>("products")
    .WithLocalDemoCatalog()
    .WithIdentity(identity, issuer)
    .WithReference(catalogDb)
    .WaitFor(catalogDb);

var carts = builder.AddPlatformProject<Projects.Carts_Api>("carts")
    .WithIdentity(identity, issuer)
    .WithReference(cache)
    .WithReference(products)
    .WaitFor(cache);

// Orders.Api reserves stock with its own token (client orders-service); it reads carts with the customer's.
var orders = builder.AddPlatformProject<Projects.Orders_Api>("orders")
    .WithIdentity(identity, issuer)
    .WithEnvironment("ServiceIdentity__ClientSecret", ordersServiceSecret)
    .WithReference(ordersDb)
    .WithReference(products)
    .WithReference(carts)
    .WaitFor(ordersDb)
    .WaitFor(products)
    .WaitFor(carts);

// The shop signs people in as a confidential client and calls the services with their tokens. Its data-protection
// keys (sessions, antiforgery) live in the cache, so every replica and every restart reads them.
var storefront = builder.AddPlatformProject<Projects.Storefront>("storefront")
    .WithTrustedProxies("Storefront", podNetwork)
    .WithIdentity(identity, issuer)
    .WithEnvironment("Storefront__ClientSecret", storefrontSecret)
    .WithReference(cache)
    .WithReference(products)
    .WithReference(carts)
    .WithReference(orders)
    .WaitFor(cache)
    .WaitFor(identity);

identity.WithLocalApiReferencePages("api-reference", products, carts, orders);

gateway
    .WithRoute("/products", products)
    .WithRoute("/carts", carts)
    .WithRoute("/orders", orders, timeout: TimeSpan.FromSeconds(30))
    .WithRoute("/connect", identity)
    .WithRoute("/.well-known", identity)
    .WithRoute("/account", identity)
    .WithRoute("/callback", identity)
    .WithRoute("/", storefront, timeout: TimeSpan.FromSeconds(30));

builder.AddDeployTree();

builder.Build().Run();
