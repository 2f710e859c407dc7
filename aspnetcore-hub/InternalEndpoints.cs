using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace PhotoFlow.Notifications;

/// <summary>
/// How the dev backend drives this hub: `POST /internal/publish` hands events to the
/// NotificationService (so this hub's own event classes go on the wire), and the dev
/// tools the tests need. Loopback callers with the shared key only.
/// </summary>
public static class InternalEndpoints
{
    public const string KeyHeader = "X-Hub-Publish-Key";
    public const string BatchHeader = "X-Hub-Batch-Id";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(allowIntegerValues: false) },
        // `timestamp` is the hub's to set, as the documented NotificationService does; `type`
        // has no setter at all.
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

    private sealed record PublishedEvent(string? Target, JsonElement Payload);

    private sealed record EmitRequest(string? AlbumId, string? Target, JsonElement[]? Arguments);

    public static void MapInternalEndpoints(this WebApplication app)
    {
        var key = Encoding.UTF8.GetBytes(app.Services.GetRequiredService<IOptions<HubSettings>>().Value.PublishKey.Trim());
        var internalApi = app.MapGroup("/internal").AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (!IsLoopback(http.Connection.RemoteIpAddress)) return Results.NotFound();
            var given = Encoding.UTF8.GetBytes(http.Request.Headers[KeyHeader].ToString());
            if (!CryptographicOperations.FixedTimeEquals(given, key)) return Results.Unauthorized();
            return await next(context);
        });
        // While the backplane is down a send would wait out StackExchange.Redis's backlog
        // (5 s) and then fail or arrive late: answering at once lets the publisher retry or
        // drop, and the clients, closed meanwhile (Backplane.cs), re-fetch when they reconnect.
        var sends = internalApi.MapGroup("").AddEndpointFilter(async (context, next) =>
            context.HttpContext.RequestServices.GetRequiredService<Backplane>().Available
                ? await next(context)
                : Results.Problem(statusCode: 503, title: "Backplane unavailable",
                    detail: "The Redis backplane is down; nothing can be sent until it is back."));
        sends.MapPost("/publish", PublishAsync);
        sends.MapPost("/emit", EmitAsync);
        internalApi.MapGet("/runtime", () => Results.Ok(RuntimeReport.Current()));
        internalApi.MapPost("/disconnect-all", (ConnectionRegistry connections) =>
            Results.Ok(new { disconnected = connections.CutAll() }));
    }

    /// <summary>
    /// A JSON array of `{target, payload}`, sent in order, under a batch id (header
    /// `X-Hub-Batch-Id`). The whole batch is checked first: one bad event answers 400 and
    /// nothing is sent. A batch id already taken (the publisher retried, its answer having been
    /// lost or late) answers 200 and sends nothing again. Sending only queues the events
    /// (NotificationService), so a batch is answered at once, however slow the clients.
    /// </summary>
    private static async Task<IResult> PublishAsync(
        HttpRequest request, INotificationService notifications, BatchLedger ledger)
    {
        var batchId = request.Headers[BatchHeader].ToString();
        if (!BatchLedger.IsValid(batchId))
            return Results.Problem(statusCode: 400, title: "Invalid batch",
                detail: $"{BatchHeader} must hold the batch's id (1 to 64 letters, digits and '-').");
        List<Func<Task>> sends;
        try
        {
            var events = await JsonSerializer.DeserializeAsync<PublishedEvent[]>(request.Body, Json)
                ?? throw new JsonException("The body must be a JSON array of {target, payload}.");
            sends = events.Select((published, index) => Prepare(notifications, published, index)).ToList();
        }
        catch (JsonException error)
        {
            return Results.Problem(statusCode: 400, title: "Invalid events", detail: error.Message);
        }
        if (!await ledger.TryClaimAsync(batchId)) return Results.Ok(new { sent = 0, duplicate = true });
        // Once checked, the batch is sent whole even if the publisher goes away meanwhile.
        foreach (var send in sends) await send();
        return Results.Ok(new { sent = sends.Count });
    }

    private static Func<Task> Prepare(INotificationService notifications, PublishedEvent published, int index) =>
        published.Target switch
        {
            "PhotoSyncProgress" => Bind<PhotoSyncProgressEvent>(published, index, notifications.SendPhotoSyncProgressAsync),
            "PhotoSyncCompleted" => Bind<PhotoSyncCompletedEvent>(published, index, notifications.SendPhotoSyncCompletedAsync),
            "AlbumStateChanged" => Bind<AlbumStateChangedEvent>(published, index, notifications.SendAlbumStateChangedAsync),
            "AlbumTagCreated" => Bind<AlbumTagCreatedEvent>(published, index, notifications.SendAlbumTagCreatedAsync),
            "AlbumTagStatusChanged" => Bind<AlbumTagStatusChangedEvent>(published, index, notifications.SendAlbumTagStatusChangedAsync),
            "AlbumSyncStarted" => Bind<AlbumSyncStartedEvent>(published, index, notifications.SendAlbumSyncStartedAsync),
            "AlbumSyncCompleted" => Bind<AlbumSyncCompletedEvent>(published, index, notifications.SendAlbumSyncCompletedAsync),
            "AlbumSyncError" => Bind<AlbumSyncErrorEvent>(published, index, notifications.SendAlbumSyncErrorAsync),
            _ => throw new JsonException($"Event {index}: unknown target \"{published.Target}\"."),
        };

    private static Func<Task> Bind<T>(PublishedEvent published, int index, Func<T, CancellationToken, Task> send)
        where T : AlbumNotification
    {
        // A missing payload is an undefined element, which Deserialize refuses with an
        // InvalidOperationException (a 500): it is bad input like a null one.
        if (published.Payload.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
            throw new JsonException($"Event {index} ({published.Target}): the payload is null.");
        T? notification;
        try
        {
            notification = published.Payload.Deserialize<T>(Json);
        }
        catch (JsonException error)
        {
            throw new JsonException($"Event {index} ({published.Target}): {error.Message}", error);
        }
        if (notification is null) throw new JsonException($"Event {index} ({published.Target}): the payload is null.");
        return () => send(notification, CancellationToken.None);
    }

    /// <summary>`{albumId, target, arguments}`: sent to group `album_{albumId}` exactly as given (bad events included).</summary>
    private static async Task<IResult> EmitAsync(
        HttpRequest request, NotificationService notifications, AlbumBus bus, ConnectionRegistry connections)
    {
        EmitRequest? emit;
        try
        {
            emit = await JsonSerializer.DeserializeAsync<EmitRequest>(request.Body, Json);
        }
        catch (JsonException error)
        {
            return Results.Problem(statusCode: 400, title: "Invalid emit", detail: error.Message);
        }
        if (string.IsNullOrEmpty(emit?.AlbumId) || string.IsNullOrEmpty(emit.Target) || emit.Arguments is null)
            return Results.Problem(statusCode: 400, title: "Invalid emit", detail: "albumId, target and arguments are required.");
        var group = $"album_{emit.AlbumId}";
        object?[] arguments = [.. emit.Arguments.Cast<object?>()];
        if (Guid.TryParse(emit.AlbumId, out var albumId)) notifications.Emit(albumId, emit.Target, arguments);
        else bus.Publish(group, emit.Target, arguments);
        return Results.Ok(new { group, recipients = connections.GroupSize(group) });
    }

    private static bool IsLoopback(IPAddress? address) =>
        address is not null
        && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
}
