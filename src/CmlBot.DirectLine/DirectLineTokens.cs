using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace CmlBot.DirectLine;

/// <summary>What a valid token grants: one conversation, until it expires.</summary>
public sealed record DirectLineTokenClaims(string ConversationId, DateTimeOffset ExpiresAt);

public sealed record IssuedToken(string Token, string ConversationId, int ExpiresIn);

/// <summary>The outcome of checking a bearer token.</summary>
public enum TokenCheck
{
    Valid,
    Invalid,
    Expired,
}

/// <summary>
/// Local Direct Line tokens: an HMAC-signed conversation id and expiry. Self-contained, so a token costs no
/// memory until its conversation starts, and any instance sharing the secret can check it.
/// </summary>
public sealed class DirectLineTokens
{
    private readonly byte[] _key;
    private readonly string _secret;
    private readonly TimeProvider _time;
    private readonly int _lifetimeSeconds;

    public DirectLineTokens(IOptions<DirectLineOptions> options, TimeProvider time)
    {
        var o = options.Value;
        // An empty secret means nobody outside this process can mint tokens: fine for a single local host.
        _secret = string.IsNullOrEmpty(o.Secret) ? Base64Url(RandomNumberGenerator.GetBytes(32)) : o.Secret;
        _key = SHA256.HashData(Encoding.UTF8.GetBytes("cmlbot-directline-token|" + _secret));
        _time = time;
        _lifetimeSeconds = Math.Max(60, o.TokenLifetimeSeconds);
    }

    public bool IsSecret(string candidate) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate), Encoding.UTF8.GetBytes(_secret));

    public static string NewConversationId() => Base64Url(RandomNumberGenerator.GetBytes(16));

    public IssuedToken Issue(string conversationId)
    {
        var expires = _time.GetUtcNow().AddSeconds(_lifetimeSeconds).ToUnixTimeSeconds();
        var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new Payload(conversationId, expires, Base64Url(RandomNumberGenerator.GetBytes(8)))));
        return new IssuedToken($"{payload}.{Sign(payload)}", conversationId, _lifetimeSeconds);
    }

    public TokenCheck Check(string token, out DirectLineTokenClaims? claims)
    {
        claims = null;
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || token.Length > 1024) return TokenCheck.Invalid;
        var payload = token[..dot];
        var given = Encoding.ASCII.GetBytes(token[(dot + 1)..]);
        if (!CryptographicOperations.FixedTimeEquals(given, Encoding.ASCII.GetBytes(Sign(payload)))) return TokenCheck.Invalid;
        Payload? p;
        try { p = JsonSerializer.Deserialize<Payload>(FromBase64Url(payload)); }
        catch (Exception e) when (e is JsonException or FormatException) { return TokenCheck.Invalid; }
        if (p is null || string.IsNullOrEmpty(p.C)) return TokenCheck.Invalid;
        claims = new DirectLineTokenClaims(p.C, DateTimeOffset.FromUnixTimeSeconds(p.E));
        return _time.GetUtcNow() >= claims.ExpiresAt ? TokenCheck.Expired : TokenCheck.Valid;
    }

    private string Sign(string payload) => Base64Url(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(payload)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string s)
    {
        var b = s.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(b.PadRight(b.Length + ((4 - (b.Length % 4)) % 4), '='));
    }

    // Short names: the payload travels in every request header.
    private sealed record Payload(string C, long E, string N);
}
