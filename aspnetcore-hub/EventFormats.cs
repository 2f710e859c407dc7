using System.Text.Json;
using System.Text.Json.Serialization;
using MessagePack;
using MessagePack.Formatters;
using MessagePack.Resolvers;

namespace PhotoFlow.Notifications;

/// <summary>
/// How events are written, one owner for both hub protocols: JSON as configured here
/// (camelCase, enums as strings), and MessagePack as the same fields with the same names and
/// values. (MessagePack's contractless resolver would write PascalCase names and leave out
/// read-only properties such as `type`.)
/// </summary>
public static class EventFormats
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new JsonStringEnumConverter());
    }

    /// <summary>The event payloads as the JSON hub protocol writes them.</summary>
    public static JsonSerializerOptions Json { get; } = Create();

    /// <summary>Events written as their JSON; everything else as <paramref name="fallback"/> writes it.</summary>
    public static IFormatterResolver MessagePack(IFormatterResolver fallback) =>
        CompositeResolver.Create(JsonShapedResolver.Instance, fallback);

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions();
        Configure(options);
        return options;
    }

    private sealed class JsonShapedResolver : IFormatterResolver
    {
        public static readonly JsonShapedResolver Instance = new();

        public IMessagePackFormatter<T>? GetFormatter<T>() =>
            typeof(AlbumNotification).IsAssignableFrom(typeof(T)) ? new JsonShapedFormatter<T>() : null;
    }

    private sealed class JsonShapedFormatter<T> : IMessagePackFormatter<T>
    {
        public void Serialize(ref MessagePackWriter writer, T value, MessagePackSerializerOptions options) =>
            Write(ref writer, JsonSerializer.SerializeToElement(value, value?.GetType() ?? typeof(T), Json));

        public T Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) =>
            throw new NotSupportedException("Events go from the hub to clients only.");

        private static void Write(ref MessagePackWriter writer, JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    writer.WriteMapHeader(element.EnumerateObject().Count());
                    foreach (var property in element.EnumerateObject())
                    {
                        writer.Write(property.Name);
                        Write(ref writer, property.Value);
                    }
                    break;
                case JsonValueKind.Array:
                    writer.WriteArrayHeader(element.GetArrayLength());
                    foreach (var item in element.EnumerateArray()) Write(ref writer, item);
                    break;
                case JsonValueKind.String:
                    writer.Write(element.GetString());
                    break;
                case JsonValueKind.Number when element.TryGetInt64(out var whole):
                    writer.Write(whole);
                    break;
                case JsonValueKind.Number:
                    writer.Write(element.GetDouble());
                    break;
                case JsonValueKind.True or JsonValueKind.False:
                    writer.Write(element.GetBoolean());
                    break;
                default:
                    writer.WriteNil();
                    break;
            }
        }
    }
}
