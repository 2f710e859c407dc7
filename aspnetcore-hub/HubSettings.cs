using System.Buffers.Text;

namespace PhotoFlow.Notifications;

/// <summary>What the hub reads from its environment (see README.md), checked at start.</summary>
public sealed record HubSettings(
    byte[] SigningKey,
    string Issuer,
    string Audience,
    TimeSpan ClockSkew,
    Uri PhotoFlowApiUrl,
    string PublishKey,
    string[] CorsOrigins,
    string? RedisConnection,
    string? InstanceName)
{
    /// <summary>Reads the settings; names every problem at once, as the dev backend does.</summary>
    public static HubSettings FromConfiguration(IConfiguration configuration)
    {
        var problems = new List<string>();
        string Required(string name)
        {
            var value = configuration[name]?.Trim();
            if (string.IsNullOrEmpty(value)) problems.Add($"{name} is required.");
            return value ?? "";
        }

        var signingKey = Array.Empty<byte>();
        var rawKey = Required("JWT_SIGNING_KEY");
        if (rawKey.Length > 0)
        {
            try
            {
                signingKey = Base64Url.DecodeFromChars(rawKey);
            }
            catch (FormatException)
            {
                problems.Add("JWT_SIGNING_KEY must be base64url (the dev backend's key format).");
            }
            // HS256 keys under 256 bits are refused by Microsoft.IdentityModel anyway.
            if (signingKey.Length is > 0 and < 32)
                problems.Add($"JWT_SIGNING_KEY must hold at least 32 bytes (got {signingKey.Length}).");
        }

        var issuer = Required("JWT_ISSUER");
        var audience = Required("JWT_AUDIENCE");

        var clockSkew = TimeSpan.FromMinutes(5); // JwtBearer's own default
        var rawSkew = configuration["JWT_CLOCK_SKEW_SECONDS"]?.Trim();
        if (!string.IsNullOrEmpty(rawSkew))
        {
            if (int.TryParse(rawSkew, out var seconds) && seconds is >= 0 and <= 3600)
                clockSkew = TimeSpan.FromSeconds(seconds);
            else
                problems.Add($"JWT_CLOCK_SKEW_SECONDS must be a whole number from 0 to 3600 (got \"{rawSkew}\").");
        }

        Uri? apiUrl = null;
        var rawApiUrl = Required("PHOTOFLOW_API_URL");
        if (rawApiUrl.Length > 0)
        {
            if (Uri.TryCreate(rawApiUrl.TrimEnd('/') + "/", UriKind.Absolute, out var parsed)
                && parsed.Scheme is "http" or "https")
                apiUrl = parsed;
            else
                problems.Add($"PHOTOFLOW_API_URL must be an http(s) URL (got \"{rawApiUrl}\").");
        }

        var publishKey = Required("HUB_PUBLISH_KEY");
        if (publishKey.Length is > 0 and < 16)
            problems.Add("HUB_PUBLISH_KEY must be at least 16 characters long.");

        var origins = (configuration["CORS_ORIGINS"] ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var origin in origins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var parsed)
                || parsed.GetLeftPart(UriPartial.Authority) != origin)
                problems.Add($"CORS_ORIGINS holds \"{origin}\", which is not an origin (scheme://host[:port]).");
        }

        // Unset: one instance, groups in memory. Set: the Redis backplane (StackExchange.Redis
        // configuration string, e.g. `127.0.0.1:6379`), for several instances behind a load balancer.
        var redis = configuration["REDIS_CONNECTION"]?.Trim();
        if (!string.IsNullOrEmpty(redis))
        {
            try
            {
                StackExchange.Redis.ConfigurationOptions.Parse(redis);
            }
            catch (ArgumentException error)
            {
                problems.Add($"REDIS_CONNECTION is not a Redis configuration string ({error.Message}).");
            }
        }

        var instance = configuration["HUB_INSTANCE"]?.Trim();
        if (!string.IsNullOrEmpty(instance) && !instance.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            problems.Add($"HUB_INSTANCE must hold letters, digits, '-' and '_' only (got \"{instance}\").");

        if (problems.Count > 0)
            throw new HubSettingsException("Invalid configuration:\n  " + string.Join("\n  ", problems));
        return new HubSettings(
            signingKey, issuer, audience, clockSkew, apiUrl!, publishKey, origins,
            string.IsNullOrEmpty(redis) ? null : redis,
            string.IsNullOrEmpty(instance) ? null : instance);
    }
}

public sealed class HubSettingsException(string message) : Exception(message);
