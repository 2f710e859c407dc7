using System.Runtime;

namespace PhotoFlow.Notifications;

/// <summary>
/// How the runtime runs this hub, as the running process sees it: the settings the project file
/// writes into its runtimeconfig.json (PhotoFlow.Hub.csproj, README "Runtime settings") and the
/// garbage collector they gave. `GET /internal/runtime` answers it.
/// </summary>
public sealed record RuntimeReport(
    bool ServerGc,
    bool ConcurrentGc,
    string? TieredPgo,
    string? ThreadPoolSpinLimit,
    int Processors)
{
    public static RuntimeReport Current() => new(
        GCSettings.IsServerGC,
        GCSettings.LatencyMode != GCLatencyMode.Batch,
        AppContext.GetData("System.Runtime.TieredPGO")?.ToString(),
        AppContext.GetData("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit")?.ToString(),
        Environment.ProcessorCount);
}
