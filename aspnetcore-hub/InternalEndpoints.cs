using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
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
        IReadOnlyList<PublishedBatch.Published> events;
        try
        {
            events = await PublishedBatch.ReadAsync(request.BodyReader, request.HttpContext.RequestAborted);
        }
        catch (JsonException error)
        {
            return Results.Problem(statusCode: 400, title: "Invalid events", detail: error.Message);
        }
        if (!await ledger.TryClaimAsync(batchId)) return Results.Ok(new { sent = 0, duplicate = true });
        // Once checked, the batch is sent whole even if the publisher goes away meanwhile.
        foreach (var published in events) await published.SendAsync(notifications);
        return Results.Ok(new { sent = events.Count });
    }

    /// <summary>`{albumId, target, arguments}`: sent to group `album_{albumId}` exactly as given (bad events included).</summary>
    private static async Task<IResult> EmitAsync(
        HttpRequest request, NotificationService notifications, AlbumBus bus, ConnectionRegistry connections)
    {
        EmitRequest? emit;
        try
        {
            emit = await JsonSerializer.DeserializeAsync<EmitRequest>(request.Body, PublishedBatch.Json);
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
