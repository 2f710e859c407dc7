using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace PhotoFlow.Notifications;

/// <summary>
/// The Redis backplane as this instance sees it (REDIS_CONNECTION set), and what the instance
/// does when it drops. ASP.NET Core's RedisHubLifetimeManager only logs a lost connection: every
/// group send goes through Redis (even to this instance's own clients), so while it is down
/// nothing is delivered and no client can tell. Here the instance makes it visible instead:
/// - when the backplane drops, every connection is closed with `allowReconnect`
///   (IConnectionLifetimeNotificationFeature.RequestClose, the path ASP.NET Core takes when a
///   token expires), so clients do a full reconnect, never a stateful resume that would hide
///   the events lost meanwhile;
/// - while it is down, negotiate (and a connect without one) answers 503 and /health answers
///   503, so clients keep reconnecting and the load balancer sends new ones elsewhere;
/// - once it is back, clients connect again, rejoin their groups and re-fetch what they show.
/// </summary>
public sealed class Backplane(bool configured)
{
    private volatile bool _connected;

    public bool Configured { get; } = configured;

    /// <summary>The Redis connection once the lifetime manager has made it (null without a backplane).</summary>
    public IConnectionMultiplexer? Redis { get; private set; }

    /// <summary>Raised once, when <see cref="Redis"/> is set (AlbumBus subscribes to its channel then).</summary>
    public event Action<IConnectionMultiplexer>? Attached;

    /// <summary>True when events can reach clients: no backplane (one instance), or Redis connected.</summary>
    public bool Available => !Configured || _connected;

    /// <summary>Raised with the new value of <see cref="Available"/> when it changes.</summary>
    public event Action<bool>? Changed;

    /// <summary>Follows the multiplexer the Redis lifetime manager uses (from RedisOptions.ConnectionFactory).</summary>
    public void Watch(IConnectionMultiplexer redis)
    {
        Redis = redis;
        Attached?.Invoke(redis);
        // Group messages arrive over the subscription connection: that one is the backplane.
        redis.ConnectionFailed += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Subscription) Set(false);
        };
        redis.ConnectionRestored += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Subscription) Set(true);
        };
        Set(redis.IsConnected);
    }

    private void Set(bool connected)
    {
        if (_connected == connected) return;
        _connected = connected;
        Changed?.Invoke(connected);
    }
}

/// <summary>/health through AddHealthChecks: unhealthy (503) while the backplane is down.</summary>
public sealed class BackplaneHealthCheck(Backplane backplane) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(backplane.Available
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The Redis backplane is disconnected."));
}

public static partial class BackplaneEndpoints
{
    public const string InstanceHeader = "X-Hub-Instance";

    /// <summary>Wires the backplane's watch into the app: closing connections, refusing new ones, /health.</summary>
    public static void UseBackplane(this WebApplication app)
    {
        var instanceName = app.Services.GetRequiredService<IOptions<HubSettings>>().Value.InstanceName;
        var backplane = app.Services.GetRequiredService<Backplane>();
        var connections = app.Services.GetRequiredService<ConnectionRegistry>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("PhotoFlow.Backplane");
        backplane.Changed += available =>
        {
            if (available)
            {
                LogConnected(logger);
                return;
            }
            var closed = connections.CloseAllForReconnect();
            LogLost(logger, closed);
        };
        // Subscribed to Backplane.Attached before the Redis connection exists.
        app.Services.GetRequiredService<AlbumBus>();
        if (backplane.Configured)
        {
            // The lifetime manager connects to Redis when it is built: build it now, so that
            // /health tells the load balancer the truth before the first client comes.
            app.Services.GetRequiredService<HubLifetimeManager<NotificationHub>>();
        }

        app.Use((context, next) =>
        {
            if (instanceName is { } name) context.Response.Headers[InstanceHeader] = name;
            var request = context.Request;
            var opensConnection = request.Path.StartsWithSegments(NotificationHub.Path + "/negotiate")
                || (request.Path.StartsWithSegments(NotificationHub.Path) && !request.Query.ContainsKey("id"));
            if (opensConnection && !backplane.Available && !HttpMethods.IsOptions(request.Method))
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.Headers.RetryAfter = "1";
                return context.Response.WriteAsync("The hub's backplane is unavailable; retry shortly.");
            }
            return next();
        });

        app.MapHealthChecks("/health", new HealthCheckOptions
        {
            ResponseWriter = (context, report) => context.Response.WriteAsJsonAsync(backplane switch
            {
                { Configured: false } => (object)new { status = "ok" },
                _ when report.Status == HealthStatus.Healthy => new { status = "ok", backplane = "connected" },
                _ => new { status = "unavailable", backplane = "disconnected" },
            }),
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis backplane connected: accepting connections.")]
    private static partial void LogConnected(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Redis backplane lost: closed {Count} connections with allowReconnect; refusing new ones until it is back.")]
    private static partial void LogLost(ILogger logger, int count);
}
