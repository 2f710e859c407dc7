using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace PhotoFlow.Notifications;

/// <summary>
/// PhotoFlow's `/hubs/notification`: clients join the groups of the albums they watch, and get
/// the events of <see cref="INotificationClient"/> (sent by NotificationService).
/// </summary>
[Authorize]
public sealed class NotificationHub(AlbumAccess albums, ConnectionRegistry connections, Backplane backplane)
    : Hub<INotificationClient>
{
    public const string Path = "/hubs/notification";

    public static string AlbumGroup(Guid albumId) => $"album_{albumId}";

    public override Task OnConnectedAsync()
    {
        connections.Add(Context, Context.GetHttpContext()?.Request.Query["id"].ToString());
        // Negotiated just before the backplane dropped, connected just after: it would get
        // nothing, so it goes the way of the others (Backplane.cs).
        if (!backplane.Available) connections.CloseForReconnect(Context);
        return base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Remove(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    /// <summary>
    /// Joins the album's group if the caller may read the album, as the REST API says.
    /// Unknown, malformed and other organizations' albums are refused alike (HubException);
    /// when the API cannot tell, the exception is not a HubException, so the client gets the
    /// generic error and never takes it for a refusal.
    /// </summary>
    [Authorize(Policy = Policies.Photographer)]
    public async Task JoinAlbumGroup(string albumId)
    {
        if (!Guid.TryParse(albumId, out var id)
            || !await albums.CanReadAsync(id, CallerToken(), Context.ConnectionAborted))
        {
            throw new HubException("Album not found");
        }
        var group = AlbumGroup(id);
        await Groups.AddToGroupAsync(Context.ConnectionId, group);
        connections.Joined(Context.ConnectionId, group);
    }

    public async Task LeaveAlbumGroup(string albumId)
    {
        if (!Guid.TryParse(albumId, out var id)) return;
        var group = AlbumGroup(id);
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, group);
        connections.Left(Context.ConnectionId, group);
    }

    /// <summary>The token the connection authenticated with: header (Node, LP/SSE) or query (browser WebSocket/SSE).</summary>
    private string CallerToken()
    {
        var request = Context.GetHttpContext()?.Request;
        var header = request?.Headers.Authorization.ToString() ?? "";
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return header["Bearer ".Length..].Trim();
        return request?.Query["access_token"].ToString() ?? "";
    }
}

public static class Policies
{
    public const string Photographer = "Photographer";
    public const string Admin = "Admin";
}
