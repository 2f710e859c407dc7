using Microsoft.Extensions.Options;

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

/// <summary>
/// The documented API, unchanged; behind it, progress is coalesced per album and tag
/// (<see cref="ProgressCoalescer"/>) and every event is queued for each member of the album's
/// group (<see cref="AlbumBus"/>, <see cref="AlbumFanOut"/>): a send completes once queued,
/// never waiting on a client.
/// </summary>
public sealed class NotificationService : INotificationService, IDisposable
{
    private readonly AlbumBus _bus;
    private readonly ProgressCoalescer _progress;

    public NotificationService(AlbumBus bus, IOptions<DeliveryOptions> options)
    {
        _bus = bus;
        _progress = new ProgressCoalescer(options.Value.ProgressInterval,
            progress => Publish(nameof(INotificationClient.PhotoSyncProgress), progress));
    }

    public Task SendPhotoSyncProgressAsync(PhotoSyncProgressEvent notification, CancellationToken cancellationToken = default)
    {
        _progress.Progress(notification);
        return Task.CompletedTask;
    }

    public Task SendPhotoSyncCompletedAsync(PhotoSyncCompletedEvent notification, CancellationToken cancellationToken = default) =>
        Send(nameof(INotificationClient.PhotoSyncCompleted), notification);

    public Task SendAlbumStateChangedAsync(AlbumStateChangedEvent notification, CancellationToken cancellationToken = default) =>
        Send(nameof(INotificationClient.AlbumStateChanged), notification);

    public Task SendAlbumTagCreatedAsync(AlbumTagCreatedEvent notification, CancellationToken cancellationToken = default) =>
        Send(nameof(INotificationClient.AlbumTagCreated), notification);

    public Task SendAlbumTagStatusChangedAsync(AlbumTagStatusChangedEvent notification, CancellationToken cancellationToken = default) =>
        Send(nameof(INotificationClient.AlbumTagStatusChanged), notification);

    public Task SendAlbumSyncStartedAsync(AlbumSyncStartedEvent notification, CancellationToken cancellationToken = default) =>
        Send(nameof(INotificationClient.AlbumSyncStarted), notification);

    public Task SendAlbumSyncCompletedAsync(AlbumSyncCompletedEvent notification, CancellationToken cancellationToken = default) =>
        Send(nameof(INotificationClient.AlbumSyncCompleted), notification);

    public Task SendAlbumSyncErrorAsync(AlbumSyncErrorEvent notification, CancellationToken cancellationToken = default) =>
        Send(nameof(INotificationClient.AlbumSyncError), notification);

    /// <summary>A dev tool's invocation, as given, after what is pending for the album.</summary>
    public void Emit(Guid albumId, string target, object?[] arguments) =>
        _progress.Then(albumId, () => _bus.Publish(NotificationHub.AlbumGroup(albumId), target, arguments));

    private Task Send(string target, AlbumNotification notification)
    {
        _progress.Then(notification.AlbumId, () => Publish(target, notification));
        return Task.CompletedTask;
    }

    private void Publish(string target, AlbumNotification notification) =>
        _bus.Publish(NotificationHub.AlbumGroup(notification.AlbumId), target, [notification]);

    public void Dispose() => _progress.Dispose();
}
