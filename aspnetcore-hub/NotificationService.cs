using Microsoft.AspNetCore.SignalR;

namespace PhotoFlow.Notifications;

/// <summary>Sends PhotoFlow's events to the group of the album they are about.</summary>
public interface INotificationService
{
    Task SendPhotoSyncProgressAsync(PhotoSyncProgressEvent notification, CancellationToken cancellationToken = default);
    Task SendPhotoSyncCompletedAsync(PhotoSyncCompletedEvent notification, CancellationToken cancellationToken = default);
    Task SendAlbumStateChangedAsync(AlbumStateChangedEvent notification, CancellationToken cancellationToken = default);
    Task SendAlbumTagCreatedAsync(AlbumTagCreatedEvent notification, CancellationToken cancellationToken = default);
    Task SendAlbumTagStatusChangedAsync(AlbumTagStatusChangedEvent notification, CancellationToken cancellationToken = default);
    Task SendAlbumSyncStartedAsync(AlbumSyncStartedEvent notification, CancellationToken cancellationToken = default);
    Task SendAlbumSyncCompletedAsync(AlbumSyncCompletedEvent notification, CancellationToken cancellationToken = default);
    Task SendAlbumSyncErrorAsync(AlbumSyncErrorEvent notification, CancellationToken cancellationToken = default);
}

public sealed class NotificationService(IHubContext<NotificationHub> hub) : INotificationService
{
    public Task SendPhotoSyncProgressAsync(PhotoSyncProgressEvent notification, CancellationToken cancellationToken = default) =>
        SendToAlbumAsync("PhotoSyncProgress", notification, cancellationToken);

    public Task SendPhotoSyncCompletedAsync(PhotoSyncCompletedEvent notification, CancellationToken cancellationToken = default) =>
        SendToAlbumAsync("PhotoSyncCompleted", notification, cancellationToken);

    public Task SendAlbumStateChangedAsync(AlbumStateChangedEvent notification, CancellationToken cancellationToken = default) =>
        SendToAlbumAsync("AlbumStateChanged", notification, cancellationToken);

    public Task SendAlbumTagCreatedAsync(AlbumTagCreatedEvent notification, CancellationToken cancellationToken = default) =>
        SendToAlbumAsync("AlbumTagCreated", notification, cancellationToken);

    public Task SendAlbumTagStatusChangedAsync(AlbumTagStatusChangedEvent notification, CancellationToken cancellationToken = default) =>
        SendToAlbumAsync("AlbumTagStatusChanged", notification, cancellationToken);

    public Task SendAlbumSyncStartedAsync(AlbumSyncStartedEvent notification, CancellationToken cancellationToken = default) =>
        SendToAlbumAsync("AlbumSyncStarted", notification, cancellationToken);

    public Task SendAlbumSyncCompletedAsync(AlbumSyncCompletedEvent notification, CancellationToken cancellationToken = default) =>
        SendToAlbumAsync("AlbumSyncCompleted", notification, cancellationToken);

    public Task SendAlbumSyncErrorAsync(AlbumSyncErrorEvent notification, CancellationToken cancellationToken = default) =>
        SendToAlbumAsync("AlbumSyncError", notification, cancellationToken);

    private Task SendToAlbumAsync<T>(string method, T notification, CancellationToken cancellationToken)
        where T : AlbumNotification =>
        hub.Clients.Group(NotificationHub.AlbumGroup(notification.AlbumId))
            .SendAsync(method, notification, cancellationToken);
}
