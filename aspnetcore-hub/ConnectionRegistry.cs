using System.Collections.Concurrent;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.SignalR;

namespace PhotoFlow.Notifications;

/// <summary>
/// What the dev tools need and SignalR keeps private: the open connections with the album
/// groups each joined (the emit tool answers with a group's size), and the hub's HTTP
/// requests in flight (the disconnect tool cuts them).
/// </summary>
public sealed class ConnectionRegistry(IHubContext<NotificationHub> hub)
{
    /// <summary>An open connection: the album groups it joined, and its own queue of events (AlbumFanOut.cs).</summary>
    public sealed record Connection(HubCallerContext Context, string? Token, Outbox Outbox)
    {
        public ConcurrentDictionary<string, byte> Groups { get; } = new();
    }

    private readonly ConcurrentDictionary<string, Connection> _connections = new();
    /// <summary>Group → its members here, so that a send looks at the group's members only.</summary>
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, Connection>> _groups = new();
    private readonly ConcurrentDictionary<HttpContext, byte> _requests = new();
    /// <summary>Connection tokens (`?id=`) cut off: their requests are dropped until the hub forgets them.</summary>
    private readonly ConcurrentDictionary<string, byte> _cut = new();

    /// <param name="token">The `?id=` its transport requests carry.</param>
    public void Add(HubCallerContext context, string? token) =>
        _connections[context.ConnectionId] =
            new Connection(context, token, new Outbox(hub.Clients.Client(context.ConnectionId)));

    public void Remove(string connectionId)
    {
        if (!_connections.TryRemove(connectionId, out var connection)) return;
        foreach (var group in connection.Groups.Keys) Left(connection, group);
        connection.Outbox.Close();
        if (connection.Token is not null) _cut.TryRemove(connection.Token, out _);
    }

    public IEnumerable<Connection> All() => _connections.Values;

    /// <summary>This instance's members of the group.</summary>
    public IEnumerable<Connection> MembersOf(string group) =>
        _groups.TryGetValue(group, out var members) ? members.Values : [];

    public void Joined(string connectionId, string group)
    {
        if (!_connections.TryGetValue(connectionId, out var connection)) return;
        connection.Groups[group] = 0;
        _groups.GetOrAdd(group, _ => new())[connectionId] = connection;
    }

    public void Left(string connectionId, string group)
    {
        if (_connections.TryGetValue(connectionId, out var connection)) Left(connection, group);
    }

    private void Left(Connection connection, string group)
    {
        connection.Groups.TryRemove(group, out _);
        if (_groups.TryGetValue(group, out var members)) members.TryRemove(connection.Context.ConnectionId, out _);
    }

    public int GroupSize(string group) => MembersOf(group).Count();

    /// <summary>Middleware on the hub path: tracks the requests that carry its transports.</summary>
    public async Task TrackAsync(HttpContext request, Func<Task> next)
    {
        var token = request.Request.Query["id"].ToString();
        if (token.Length > 0 && _cut.ContainsKey(token))
        {
            request.Abort();
            return;
        }
        _requests[request] = 0;
        try
        {
            await next();
        }
        finally
        {
            _requests.TryRemove(request, out _);
        }
    }

    /// <summary>
    /// Cuts every connection as a short network failure would: the TCP connections under the
    /// hub's requests (WebSocket, SSE stream, pending poll) are aborted, so no Close message
    /// ever reaches a client. (`HubCallerContext.Abort()` would send a Close message without
    /// allowReconnect, which ends a client for good.) An SSE or Long Polling connection's later
    /// requests are dropped too (a Long Polling client may be between polls), so each of those
    /// reconnects; a WebSocket connection is left to the hub, so a client with stateful
    /// reconnect resumes on a new socket, exactly as after a blip on the dev backend's hub.
    /// Answers how many were open.
    /// </summary>
    public int CutAll()
    {
        var onWebSockets = _requests.Keys
            .Where(request => request.WebSockets.IsWebSocketRequest)
            .Select(request => request.Request.Query["id"].ToString())
            .ToHashSet();
        foreach (var connection in _connections.Values)
        {
            if (connection.Token is not null && !onWebSockets.Contains(connection.Token)) _cut[connection.Token] = 0;
        }
        foreach (var request in _requests.Keys)
        {
            var token = request.Request.Query["id"].ToString();
            if (token.Length > 0 && (_cut.ContainsKey(token) || onWebSockets.Contains(token))) request.Abort();
        }
        return _connections.Count;
    }

    /// <summary>
    /// Closes every connection with a Close message carrying `allowReconnect: true`, as ASP.NET
    /// Core does when a token expires (CloseOnAuthenticationExpiration): the client reconnects
    /// from scratch, a new connection that rejoins its groups and re-fetches, where a cut
    /// transport would be resumed by stateful reconnect as if nothing had been missed.
    /// (`HubCallerContext.Abort()` would send a Close without allowReconnect: the client would
    /// stop for good.) Answers how many were asked to close.
    /// </summary>
    public int CloseAllForReconnect() =>
        _connections.Values.Count(connection => CloseForReconnect(connection.Context));

    /// <summary>One connection, as <see cref="CloseAllForReconnect"/> does; false if its transport cannot.</summary>
    public bool CloseForReconnect(HubCallerContext context)
    {
        if (context.Features.Get<IConnectionLifetimeNotificationFeature>() is not { } lifetime) return false;
        lifetime.RequestClose();
        return true;
    }
}
