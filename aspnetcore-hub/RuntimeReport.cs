using System.Runtime;

namespace PhotoFlow.Notifications;

/// <summary>
/// How the runtime runs this hub, as the running process sees it: the garbage collector it got
/// and the setting the project file writes into its runtimeconfig.json (PhotoFlow.Hub.csproj,
/// README "Runtime settings"). `GET /internal/runtime` answers it.
/// </summary>
public sealed record RuntimeReport(
    bool ServerGc,
    bool ConcurrentGc,
    string? TieredPgo,
    int Processors)
{
    public static RuntimeReport Current() => new(
        GCSettings.IsServerGC,
        GCSettings.LatencyMode != GCLatencyMode.Batch,
        AppContext.GetData("System.Runtime.TieredPGO")?.ToString(),
        Environment.ProcessorCount);
}
