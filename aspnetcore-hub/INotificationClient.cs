namespace PhotoFlow.Notifications;

/// <summary>
/// The server → client events of PhotoFlow's hub, one method per event, named as its target
/// (the typed client of <see cref="NotificationHub"/>). This interface is the table of events:
/// the publish endpoint and the backplane find an event's class here by its target.
/// </summary>
public interface INotificationClient
{
    Task PhotoSyncProgress(PhotoSyncProgressEvent notification);
    Task PhotoSyncCompleted(PhotoSyncCompletedEvent notification);
    Task AlbumStateChanged(AlbumStateChangedEvent notification);
    Task AlbumTagCreated(AlbumTagCreatedEvent notification);
    Task AlbumTagStatusChanged(AlbumTagStatusChangedEvent notification);
    Task AlbumSyncStarted(AlbumSyncStartedEvent notification);
    Task AlbumSyncCompleted(AlbumSyncCompletedEvent notification);
    Task AlbumSyncError(AlbumSyncErrorEvent notification);
}

/// <summary>The events of <see cref="INotificationClient"/>: target → event class.</summary>
public static class NotificationTargets
{
    public static IReadOnlyDictionary<string, Type> EventTypes { get; } = typeof(INotificationClient)
        .GetMethods()
        .ToDictionary(method => method.Name, method => method.GetParameters().Single().ParameterType);
}
