namespace Ecommerce.ServiceDefaults.Authentication;

/// <summary>
/// Who made a change, as their access token named them: its <c>sub</c> (a person's user id, or a client's own
/// client_id), the client they called through, and, for staff, their email (Identity.Api puts it in an admin's access
/// token only), so that a change log names a person without a user directory.
/// </summary>
public sealed record Actor(string Sub, string? ClientId, string? Email);
