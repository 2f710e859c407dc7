namespace PhotoFlow.Notifications;

// The server → client events of PhotoFlow's SignalR API, one class per target. The JSON
// hub protocol writes them camelCase with enums as strings; `Type` and `Timestamp` are set
// here, as the documented NotificationService does (`DateTime.UtcNow.ToString("O")`: ISO
// 8601 UTC with 7 fractional digits), so they are never read from a publisher's payload.

public enum AlbumState { Init, Raw, Stock, Rate, Retouch, Feedback, Revision, Approved, Final, Closed }

public enum AlbumTagType { Raw, Stock, Rate, Retouch, Final }

public enum AlbumTagStatus { Pending, Syncing, Ready, Failed }

public abstract class AlbumNotification
{
    public required Guid AlbumId { get; init; }
    /// <summary>Set when the event is made; settable so that the backplane carries it unchanged.</summary>
    public string Timestamp { get; init; } = DateTime.UtcNow.ToString("O");
}

public sealed class PhotoSyncProgressEvent : AlbumNotification
{
    public required Guid AlbumTagId { get; init; }
    public required int ProcessedCount { get; init; }
    public required int TotalCount { get; init; }
    public required AlbumTagType AlbumTagType { get; init; }
    public int? EstimatedSecondsRemaining { get; init; }
    public string Type => "photo_sync_progress";
}

public sealed class PhotoSyncCompletedEvent : AlbumNotification
{
    public required Guid AlbumTagId { get; init; }
    public required int ProcessedCount { get; init; }
    public required int TotalCount { get; init; }
    public required AlbumTagType AlbumTagType { get; init; }
    public required string Message { get; init; }
    public string Type => "photo_sync_completed";
}

public sealed class AlbumStateChangedEvent : AlbumNotification
{
    public required AlbumState OldState { get; init; }
    public required AlbumState NewState { get; init; }
    public required string Message { get; init; }
    public string Type => "album_state_changed";
}

public sealed class AlbumTagCreatedEvent : AlbumNotification
{
    public required Guid AlbumTagId { get; init; }
    public required string Message { get; init; }
    public string Type => "album_tag_created";
}

public sealed class AlbumTagStatusChangedEvent : AlbumNotification
{
    public required Guid AlbumTagId { get; init; }
    public required AlbumTagStatus OldStatus { get; init; }
    public required AlbumTagStatus NewStatus { get; init; }
    public required string Message { get; init; }
    public string Type => "tag_status_changed";
}

public sealed class AlbumSyncStartedEvent : AlbumNotification
{
    public required string Message { get; init; }
    public string Type => "sync_started";
}

public sealed class AlbumSyncCompletedEvent : AlbumNotification
{
    public Guid? AlbumTagId { get; init; }
    public required string Message { get; init; }
    public string Type => "sync_completed";
}

public sealed class AlbumSyncErrorEvent : AlbumNotification
{
    public required string Message { get; init; }
    public string Type => "sync_error";
}
