using System.Collections.Concurrent;
using System.Diagnostics;

namespace PhotoFlow.Notifications;

/// <summary>
/// Progress coalesced at the send, per album and tag: a tag's progress goes out at most once
/// per <see cref="DeliveryOptions.ProgressInterval"/>, the latest count winning; whatever is
/// pending for an album goes out before any other event of that album, so the album's order
/// holds (no progress after its tag's completion). A flood of progress (thousands a second)
/// costs every client a few events a second per tag, whatever it reads with.
/// </summary>
/// <remarks>
/// A held count goes out the moment its tag is due again: one timer, set for the earliest such
/// moment (as the dev backend's coalescer does it). A timer ticking at a fifth of the interval
/// made a count wait up to that tick longer (40 ms at 200 ms; bench figure 15).
/// </remarks>
public sealed class ProgressCoalescer : IDisposable
{
    private sealed class Album
    {
        public readonly Dictionary<Guid, PhotoSyncProgressEvent> Pending = [];
        public readonly Dictionary<Guid, long> LastSentAt = [];
    }

    private readonly ConcurrentDictionary<Guid, Album> _albums = new();
    private readonly long _intervalTicks;
    private readonly Action<PhotoSyncProgressEvent> _send;
    private readonly Timer _timer;
    private readonly Lock _wake = new();
    /// <summary>When the timer fires next (a Stopwatch timestamp); long.MaxValue: not set.</summary>
    private long _wakeAt = long.MaxValue;

    /// <param name="send">Sends one progress event; called under the album's lock, in order.</param>
    public ProgressCoalescer(TimeSpan interval, Action<PhotoSyncProgressEvent> send)
    {
        _intervalTicks = (long)(interval.TotalSeconds * Stopwatch.Frequency);
        _send = send;
        _timer = new Timer(_ => SendDue(), null, Timeout.Infinite, Timeout.Infinite);
    }

    public void Progress(PhotoSyncProgressEvent progress)
    {
        var album = _albums.GetOrAdd(progress.AlbumId, _ => new Album());
        lock (album)
        {
            var tag = progress.AlbumTagId;
            if (!album.Pending.ContainsKey(tag) && Due(album, tag, Stopwatch.GetTimestamp())) Send(album, progress);
            else album.Pending[tag] = progress;
            WakeBy(album.LastSentAt[tag] + _intervalTicks);
        }
    }

    /// <summary>Sends what is pending for the album, then runs <paramref name="send"/>, both under its lock.</summary>
    public void Then(Guid albumId, Action send)
    {
        var album = _albums.GetOrAdd(albumId, _ => new Album());
        lock (album)
        {
            foreach (var pending in album.Pending.Values) Send(album, pending);
            album.Pending.Clear();
            send();
            WakeBy(Stopwatch.GetTimestamp() + _intervalTicks * 4); // to forget it once quiet
        }
    }

    /// <summary>
    /// Sends every held count that is due, then sets the timer for the next: a held count's due
    /// moment, or, for an album with nothing held, the moment it has been quiet long enough to
    /// be forgotten (a later event starts it afresh). Every album is visited after the wake-up
    /// is cleared, so a count held meanwhile has set it again or is seen here.
    /// </summary>
    private void SendDue()
    {
        lock (_wake) _wakeAt = long.MaxValue;
        foreach (var (albumId, album) in _albums)
        {
            lock (album)
            {
                var now = Stopwatch.GetTimestamp();
                foreach (var (tag, pending) in album.Pending.Where(entry => Due(album, entry.Key, now)).ToList())
                {
                    album.Pending.Remove(tag);
                    Send(album, pending);
                }
                if (album.Pending.Count > 0)
                    WakeBy(album.Pending.Keys.Min(tag => album.LastSentAt[tag]) + _intervalTicks);
                else if (album.LastSentAt.Values.DefaultIfEmpty(0).Max() + _intervalTicks * 4 < now)
                    _albums.TryRemove(albumId, out _);
                else
                    WakeBy(album.LastSentAt.Values.Max() + _intervalTicks * 4 + 1);
            }
        }
    }

    /// <summary>Makes the timer fire by <paramref name="at"/> (a Stopwatch timestamp).</summary>
    private void WakeBy(long at)
    {
        lock (_wake)
        {
            if (at >= _wakeAt) return;
            _wakeAt = at;
            var ms = Math.Ceiling(Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), at).TotalMilliseconds);
            _timer.Change((long)Math.Max(0, ms), Timeout.Infinite);
        }
    }

    private bool Due(Album album, Guid tag, long now) =>
        !album.LastSentAt.TryGetValue(tag, out var at) || now - at >= _intervalTicks;

    private void Send(Album album, PhotoSyncProgressEvent progress)
    {
        album.LastSentAt[progress.AlbumTagId] = Stopwatch.GetTimestamp();
        _send(progress);
    }

    public void Dispose() => _timer.Dispose();
}
