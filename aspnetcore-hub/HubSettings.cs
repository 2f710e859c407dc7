using System.Buffers.Text;
using Microsoft.Extensions.Options;

namespace PhotoFlow.Notifications;

/// <summary>
/// What the hub reads from its environment (see README.md): bound through the options pattern
/// (<c>AddOptions&lt;HubSettings&gt;().Bind(configuration)</c>) and checked by
/// <see cref="HubSettingsValidation"/> when the hub starts, before anything uses it. The
/// properties hold the environment's text; the typed values below are derived from it.
/// </summary>
public sealed class HubSettings
{
    /// <summary>The dev backend's HS256 key, base64url, at least 32 bytes.</summary>
    [ConfigurationKeyName("JWT_SIGNING_KEY")]
    public string SigningKeyText { get; set; } = "";

    [ConfigurationKeyName("JWT_ISSUER")]
    public string Issuer { get; set; } = "";

    [ConfigurationKeyName("JWT_AUDIENCE")]
    public string Audience { get; set; } = "";

    /// <summary>JwtBearer's clock skew; 300 s, its own default, when unset.</summary>
    [ConfigurationKeyName("JWT_CLOCK_SKEW_SECONDS")]
    public int ClockSkewSeconds { get; set; } = 300;

    /// <summary>The dev backend's origin: its REST API answers JoinAlbumGroup's question.</summary>
    [ConfigurationKeyName("PHOTOFLOW_API_URL")]
    public string PhotoFlowApiUrlText { get; set; } = "";

    /// <summary>What the publisher sends in X-Hub-Publish-Key; at least 16 characters.</summary>
    [ConfigurationKeyName("HUB_PUBLISH_KEY")]
    public string PublishKey { get; set; } = "";

    /// <summary>Origins allowed by CORS, comma-separated.</summary>
    [ConfigurationKeyName("CORS_ORIGINS")]
    public string CorsOriginsText { get; set; } = "";

    /// <summary>
    /// Unset: one instance, groups in memory. Set: the Redis backplane (a StackExchange.Redis
    /// configuration string, e.g. <c>127.0.0.1:6379</c>), for several instances behind a load balancer.
    /// </summary>
    [ConfigurationKeyName("REDIS_CONNECTION")]
    public string? RedisConnectionText { get; set; }

    /// <summary>This instance's name in X-Hub-Instance (scaled out).</summary>
    [ConfigurationKeyName("HUB_INSTANCE")]
    public string? InstanceNameText { get; set; }

    public byte[] SigningKey => Base64Url.DecodeFromChars(SigningKeyText.Trim());

    public TimeSpan ClockSkew => TimeSpan.FromSeconds(ClockSkewSeconds);

    public Uri PhotoFlowApiUrl => new(PhotoFlowApiUrlText.Trim().TrimEnd('/') + "/");

    public string[] CorsOrigins => CorsOriginsText
        .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public string? RedisConnection => string.IsNullOrWhiteSpace(RedisConnectionText) ? null : RedisConnectionText.Trim();

    public string? InstanceName => string.IsNullOrWhiteSpace(InstanceNameText) ? null : InstanceNameText.Trim();
}

/// <summary>Names every problem of <see cref="HubSettings"/> at once, as the dev backend does.</summary>
public sealed class HubSettingsValidation : IValidateOptions<HubSettings>
{
    public ValidateOptionsResult Validate(string? name, HubSettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        void Required(string key, string? value)
        {
            if (string.IsNullOrWhiteSpace(value)) problems.Add($"{key} is required.");
        }

        Required("JWT_SIGNING_KEY", options.SigningKeyText);
        if (!string.IsNullOrWhiteSpace(options.SigningKeyText))
        {
            try
            {
                // HS256 keys under 256 bits are refused by Microsoft.IdentityModel anyway.
                var length = options.SigningKey.Length;
                if (length < 32) problems.Add($"JWT_SIGNING_KEY must hold at least 32 bytes (got {length}).");
            }
            catch (FormatException)
            {
                problems.Add("JWT_SIGNING_KEY must be base64url (the dev backend's key format).");
            }
        }

        Required("JWT_ISSUER", options.Issuer);
        Required("JWT_AUDIENCE", options.Audience);
        if (options.ClockSkewSeconds is < 0 or > 3600)
            problems.Add($"JWT_CLOCK_SKEW_SECONDS must be a whole number from 0 to 3600 (got {options.ClockSkewSeconds}).");

        Required("PHOTOFLOW_API_URL", options.PhotoFlowApiUrlText);
        if (!string.IsNullOrWhiteSpace(options.PhotoFlowApiUrlText)
            && !(Uri.TryCreate(options.PhotoFlowApiUrlText.Trim().TrimEnd('/') + "/", UriKind.Absolute, out var apiUrl)
                && apiUrl.Scheme is "http" or "https"))
            problems.Add($"PHOTOFLOW_API_URL must be an http(s) URL (got \"{options.PhotoFlowApiUrlText.Trim()}\").");

        Required("HUB_PUBLISH_KEY", options.PublishKey);
        if (options.PublishKey.Trim().Length is > 0 and < 16)
            problems.Add("HUB_PUBLISH_KEY must be at least 16 characters long.");

        foreach (var origin in options.CorsOrigins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var parsed)
                || parsed.GetLeftPart(UriPartial.Authority) != origin)
                problems.Add($"CORS_ORIGINS holds \"{origin}\", which is not an origin (scheme://host[:port]).");
        }

        if (options.RedisConnection is { } redis)
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

        if (options.InstanceName is { } instance && !instance.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            problems.Add($"HUB_INSTANCE must hold letters, digits, '-' and '_' only (got \"{instance}\").");

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
