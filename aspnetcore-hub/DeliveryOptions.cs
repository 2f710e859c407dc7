using Microsoft.Extensions.Options;

namespace PhotoFlow.Notifications;

/// <summary>
/// How events reach clients (see README.md, "Delivery"): read from the environment through the
/// options pattern, checked when the hub starts (a bad value stops it with every problem named).
/// </summary>
public sealed class DeliveryOptions
{
    /// <summary>
    /// A tag's progress goes out at most this often (the latest count wins): about 7 a second. A
    /// count waits at most this long, so send → bar stays within 250 ms at p99 (bench figure 15)
    /// and within 300 ms in 8 tabs (figure 16). The dev backend's hub uses the same
    /// (`progressIntervalMs`, server/src/photoflow/progress-coalescer.ts).
    /// </summary>
    [ConfigurationKeyName("HUB_PROGRESS_INTERVAL_MS")]
    public int ProgressIntervalMs { get; set; } = 150;

    /// <summary>A member whose oldest unwritten event is older than this is closed with reconnect allowed.</summary>
    [ConfigurationKeyName("HUB_MAX_MEMBER_LAG_MS")]
    public int MaxMemberLagMs { get; set; } = 5_000;

    /// <summary>A member with this many events waiting is closed at once (memory bound).</summary>
    [ConfigurationKeyName("HUB_MAX_QUEUED_PER_MEMBER")]
    public int MaxQueuedPerMember { get; set; } = 20_000;

    /// <summary>HubOptions.StatefulReconnectBufferSize: unacknowledged bytes kept per connection for replay.</summary>
    [ConfigurationKeyName("HUB_STATEFUL_RECONNECT_BUFFER_BYTES")]
    public long StatefulReconnectBufferBytes { get; set; } = 256 * 1024;

    public TimeSpan ProgressInterval => TimeSpan.FromMilliseconds(ProgressIntervalMs);

    public TimeSpan MaxMemberLag => TimeSpan.FromMilliseconds(MaxMemberLagMs);
}

/// <summary>Names every out-of-range setting at once.</summary>
public sealed class DeliveryOptionsValidation : IValidateOptions<DeliveryOptions>
{
    public ValidateOptionsResult Validate(string? name, DeliveryOptions options)
    {
        var problems = new List<string>();
        if (options.ProgressIntervalMs is < 20 or > 5_000)
            problems.Add($"HUB_PROGRESS_INTERVAL_MS must be from 20 to 5000 (got {options.ProgressIntervalMs}).");
        if (options.MaxMemberLagMs is < 500 or > 120_000)
            problems.Add($"HUB_MAX_MEMBER_LAG_MS must be from 500 to 120000 (got {options.MaxMemberLagMs}).");
        if (options.MaxQueuedPerMember is < 100 or > 1_000_000)
            problems.Add($"HUB_MAX_QUEUED_PER_MEMBER must be from 100 to 1000000 (got {options.MaxQueuedPerMember}).");
        if (options.StatefulReconnectBufferBytes is < 16 * 1024 or > 64 * 1024 * 1024)
            problems.Add($"HUB_STATEFUL_RECONNECT_BUFFER_BYTES must be from 16384 to 67108864 (got {options.StatefulReconnectBufferBytes}).");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
