using System.Text.Json;
using StackExchange.Redis;

namespace PhotoFlow.Notifications;

/// <summary>
/// Carries an album's events to every instance's <see cref="AlbumFanOut"/>: straight to this
/// instance's alone, or, with the Redis backplane, over one Redis channel that every instance
/// reads in order. (ASP.NET Core's Redis lifetime manager also delivers a group message to the
/// local members of each instance, but awaits them all before the next message: one slow
/// member would hold back the instance.)
/// </summary>
public sealed class AlbumBus
{
    private static readonly RedisChannel Channel = RedisChannel.Literal("photoflow-hub:album-events");

    private sealed record Message(string Group, string Target, JsonElement[] Arguments);

    private readonly AlbumFanOut _fanOut;
    private ISubscriber? _redis;

    public AlbumBus(AlbumFanOut fanOut, Backplane backplane)
    {
        _fanOut = fanOut;
        backplane.Attached += Attach;
        if (backplane.Redis is { } redis) Attach(redis);
    }

    /// <summary>From now on events go through Redis, and this instance delivers what arrives there.</summary>
    private void Attach(IConnectionMultiplexer redis)
    {
        if (_redis is not null) return;
        var subscriber = redis.GetSubscriber();
        subscriber.Subscribe(Channel).OnMessage(message =>
        {
            var received = JsonSerializer.Deserialize<Message>((string)message.Message!, EventFormats.Json)!;
            _fanOut.Deliver(received.Group, received.Target, Arguments(received));
        });
        _redis = subscriber;
    }

    /// <summary>Sends the invocation to the album group's members on every instance, in the order published.</summary>
    public void Publish(string group, string target, object?[] arguments)
    {
        if (_redis is null)
        {
            _fanOut.Deliver(group, target, arguments);
            return;
        }
        var elements = arguments.Select(argument => JsonSerializer.SerializeToElement(argument, EventFormats.Json)).ToArray();
        _redis.Publish(Channel, JsonSerializer.Serialize(new Message(group, target, elements), EventFormats.Json), CommandFlags.FireAndForget);
    }

    /// <summary>An event goes back to its class (so MessagePack writes it as JSON would); anything else stays JSON.</summary>
    private static object?[] Arguments(Message message) =>
        NotificationTargets.EventTypes.TryGetValue(message.Target, out var type) && message.Arguments.Length == 1
            ? [message.Arguments[0].Deserialize(type, EventFormats.Json)]
            : [.. message.Arguments.Cast<object?>()];
}
