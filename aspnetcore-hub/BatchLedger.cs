using System.Collections.Concurrent;
using System.Diagnostics;
using StackExchange.Redis;

namespace PhotoFlow.Notifications;

/// <summary>
/// The batch ids the publish endpoint has taken, so that a batch the publisher sends again
/// (its answer was lost or late) is not delivered twice. With the Redis backplane the ledger is
/// in Redis, shared by every instance: the publisher may retry on another one.
/// </summary>
public sealed class BatchLedger(Backplane backplane)
{
    /// <summary>Far longer than a publisher retries a batch.</summary>
    private static readonly TimeSpan Remember = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, long> _taken = new();

    /// <summary>True the first time the id is claimed (on any instance, with the backplane).</summary>
    public async Task<bool> TryClaimAsync(string batchId)
    {
        if (backplane.Redis is { } redis)
            return await redis.GetDatabase().StringSetAsync($"photoflow-hub:batch:{batchId}", 1, Remember, When.NotExists);
        if (_taken.Count > 10_000) Forget();
        return _taken.TryAdd(batchId, Stopwatch.GetTimestamp());
    }

    private void Forget()
    {
        foreach (var (id, takenAt) in _taken)
        {
            if (Stopwatch.GetElapsedTime(takenAt) > Remember) _taken.TryRemove(id, out _);
        }
    }

    /// <summary>A batch id: 1 to 64 letters, digits and '-' (the publisher sends UUIDs).</summary>
    public static bool IsValid(string batchId) =>
        batchId.Length is > 0 and <= 64 && batchId.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}
