using System.Buffers;
using System.Collections.Frozen;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace PhotoFlow.Notifications;

/// <summary>
/// The body of `POST /internal/publish`, a JSON array of `{target, payload}`, read into the
/// events it holds: each payload straight into its event class, in one pass over the body. (Reading each payload into a `JsonElement` first and then into its
/// class parsed every event twice and made a document for each: during a flood of 20,000
/// progress events a second that was most of the hub's CPU; see README, "CPU".)
/// </summary>
public static class PublishedBatch
{
    /// <summary>One event as published, read into its class.</summary>
    public sealed record Published(string Target, AlbumNotification Notification)
    {
        /// <summary>Sends it through the NotificationService's method for its target.</summary>
        public Task SendAsync(INotificationService notifications) => Targets[Target].Send(notifications, Notification);
    }

    private sealed record Target(JsonTypeInfo Payload, Func<INotificationService, AlbumNotification, Task> Send);

    /// <summary>`timestamp` is the hub's to set, as the documented NotificationService does; `type` has no setter.</summary>
    internal static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(allowIntegerValues: false) },
        // (Not source-generated: its code gives an init-only property left out of the JSON its
        // default value, null, not the class's initializer, so `timestamp` would be lost.)
        TypeInfoResolver = new DefaultJsonTypeInfoResolver
        {
            Modifiers =
            {
                info =>
                {
                    foreach (var property in info.Properties.Where(property => property.Name == "timestamp"))
                        property.Set = null;
                },
            },
        },
    };

    private static readonly FrozenDictionary<string, Target> Targets = new Dictionary<string, Target>
    {
        ["PhotoSyncProgress"] = Of<PhotoSyncProgressEvent>((service, e) => service.SendPhotoSyncProgressAsync(e)),
        ["PhotoSyncCompleted"] = Of<PhotoSyncCompletedEvent>((service, e) => service.SendPhotoSyncCompletedAsync(e)),
        ["AlbumStateChanged"] = Of<AlbumStateChangedEvent>((service, e) => service.SendAlbumStateChangedAsync(e)),
        ["AlbumTagCreated"] = Of<AlbumTagCreatedEvent>((service, e) => service.SendAlbumTagCreatedAsync(e)),
        ["AlbumTagStatusChanged"] = Of<AlbumTagStatusChangedEvent>((service, e) => service.SendAlbumTagStatusChangedAsync(e)),
        ["AlbumSyncStarted"] = Of<AlbumSyncStartedEvent>((service, e) => service.SendAlbumSyncStartedAsync(e)),
        ["AlbumSyncCompleted"] = Of<AlbumSyncCompletedEvent>((service, e) => service.SendAlbumSyncCompletedAsync(e)),
        ["AlbumSyncError"] = Of<AlbumSyncErrorEvent>((service, e) => service.SendAlbumSyncErrorAsync(e)),
    }.ToFrozenDictionary();

    private static Target Of<T>(Func<INotificationService, T, Task> send) where T : AlbumNotification =>
        new(Json.GetTypeInfo(typeof(T)), (service, notification) => send(service, (T)notification));

    /// <summary>The whole body, then its events; a <see cref="JsonException"/> names the first bad one.</summary>
    public static async Task<IReadOnlyList<Published>> ReadAsync(PipeReader body, CancellationToken cancellationToken)
    {
        var result = await body.ReadAsync(cancellationToken);
        while (!result.IsCompleted)
        {
            body.AdvanceTo(result.Buffer.Start, result.Buffer.End);
            result = await body.ReadAsync(cancellationToken);
        }
        try
        {
            return Read(result.Buffer);
        }
        finally
        {
            body.AdvanceTo(result.Buffer.End);
        }
    }

    /// <summary>The events of a complete body (`[{target, payload}, …]`), in order.</summary>
    public static IReadOnlyList<Published> Read(ReadOnlySequence<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            throw new JsonException("The body must be a JSON array of {target, payload}.");
        var events = new List<Published>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            events.Add(ReadEvent(ref reader, events.Count));
        if (reader.TokenType != JsonTokenType.EndArray || reader.Read())
            throw new JsonException("The body must be one JSON array of {target, payload}.");
        return events;
    }

    /// <summary>One `{target, payload}`, in either order: the payload is read once its target is known.</summary>
    private static Published ReadEvent(ref Utf8JsonReader reader, int index)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException($"Event {index}: an object {{target, payload}} is expected.");
        string? target = null;
        var payload = default(Utf8JsonReader);
        var hasPayload = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            if (string.Equals(name, "target", StringComparison.OrdinalIgnoreCase) && reader.TokenType == JsonTokenType.String)
                target = reader.GetString();
            else if (string.Equals(name, "payload", StringComparison.OrdinalIgnoreCase))
            {
                payload = reader;
                hasPayload = true;
            }
            reader.Skip();
        }
        if (target is null || !Targets.TryGetValue(target, out var known))
            throw new JsonException($"Event {index}: unknown target \"{target}\".");
        if (!hasPayload || payload.TokenType == JsonTokenType.Null)
            throw new JsonException($"Event {index} ({target}): the payload is null.");
        AlbumNotification notification;
        try
        {
            notification = (AlbumNotification)JsonSerializer.Deserialize(ref payload, known.Payload)!;
        }
        catch (JsonException error)
        {
            throw new JsonException($"Event {index} ({target}): {error.Message}", error);
        }
        return new Published(target, notification);
    }
}
