using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace PhotoFlow.Notifications;

/// <summary>
/// Hands an album's events to the members of its group on this instance, each member through
/// its own queue, so that no member waits on another. ASP.NET Core's group send writes to
/// every member and completes when the slowest write does: one member that reads slowly (a
/// hidden tab acknowledging every second or two, a phone on a bad network) would hold back
/// every other member and the publisher. Here a member that falls more than
/// <see cref="DeliveryOptions.MaxMemberLag"/> behind is closed with reconnect allowed: its
/// client reconnects, rejoins and re-fetches, as after any reconnect.
/// </summary>
public sealed partial class AlbumFanOut : IDisposable
{
    private readonly ConnectionRegistry _connections;
    private readonly DeliveryOptions _options;
    private readonly ILogger<AlbumFanOut> _logger;
    private readonly Timer _watchdog;

    public AlbumFanOut(ConnectionRegistry connections, IOptions<DeliveryOptions> options, ILogger<AlbumFanOut> logger)
    {
        _connections = connections;
        _options = options.Value;
        _logger = logger;
        var period = _options.MaxMemberLag / 4;
        _watchdog = new Timer(_ => CutLaggingMembers(), null, period, period);
    }

    /// <summary>Queues the invocation for every member of the group on this instance; never waits.</summary>
    public void Deliver(string group, string target, object?[] arguments)
    {
        foreach (var member in _connections.MembersOf(group))
        {
            if (!member.Outbox.TryEnqueue(target, arguments, _options.MaxQueuedPerMember)) Cut(member.Context, "its queue is full");
        }
    }

    private void CutLaggingMembers()
    {
        foreach (var connection in _connections.All())
        {
            if (connection.Outbox.Lag > _options.MaxMemberLag) Cut(connection.Context, "it fell behind");
        }
    }

    private void Cut(HubCallerContext context, string reason)
    {
        if (!_connections.CloseForReconnect(context)) return;
        LogCut(_logger, context.ConnectionId, reason, _options.MaxMemberLag.TotalSeconds);
    }

    public void Dispose() => _watchdog.Dispose();

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Connection {ConnectionId} closed with reconnect allowed: {Reason} (more than {Seconds} s of events waiting).")]
    private static partial void LogCut(ILogger logger, string connectionId, string reason, double seconds);
}

/// <summary>One connection's events, written one after the other as fast as it reads them.</summary>
public sealed class Outbox
{
    private sealed record Delivery(string Target, object?[] Arguments, long QueuedAt);

    private readonly Channel<Delivery> _queue =
        Channel.CreateUnbounded<Delivery>(new UnboundedChannelOptions { SingleReader = true });
    private long _sendingQueuedAt;
    private int _waiting;

    public Outbox(IClientProxy client) => _ = PumpAsync(client);

    /// <summary>How long the oldest event not yet written has waited.</summary>
    public TimeSpan Lag
    {
        get
        {
            var since = Volatile.Read(ref _sendingQueuedAt);
            return since == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(since);
        }
    }

    /// <summary>False when more than <paramref name="limit"/> events wait already.</summary>
    public bool TryEnqueue(string target, object?[] arguments, int limit)
    {
        if (Volatile.Read(ref _waiting) >= limit) return false;
        if (!_queue.Writer.TryWrite(new Delivery(target, arguments, Stopwatch.GetTimestamp()))) return true; // closed
        Interlocked.Increment(ref _waiting);
        return true;
    }

    /// <summary>The connection is gone: what waits is dropped.</summary>
    public void Close() => _queue.Writer.TryComplete();

    private async Task PumpAsync(IClientProxy client)
    {
        await foreach (var delivery in _queue.Reader.ReadAllAsync())
        {
            Interlocked.Decrement(ref _waiting);
            Volatile.Write(ref _sendingQueuedAt, delivery.QueuedAt);
            try
            {
                await client.SendCoreAsync(delivery.Target, delivery.Arguments);
            }
            catch (Exception error) when (error is OperationCanceledException or ObjectDisposedException or IOException)
            {
                // The connection ended under the write; its client reconnects and re-fetches.
            }
            Volatile.Write(ref _sendingQueuedAt, 0);
        }
    }
}
