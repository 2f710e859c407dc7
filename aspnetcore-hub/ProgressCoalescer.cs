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
public sealed class ProgressCoalescer : IDisposable
{
    private sealed class Album
    {
        public readonly Dictionary<Guid, PhotoSyncProgressEvent> Pending = [];
        public readonly Dictionary<Guid, long> LastSentAt = [];
    }

    private readonly ConcurrentDictionary<Guid, Album> _albums = new();
    private readonly TimeSpan _interval;
    private readonly Action<PhotoSyncProgressEvent> _send;
    private readonly Timer _timer;

    /// <param name="send">Sends one progress event; called under the album's lock, in order.</param>
    public ProgressCoalescer(TimeSpan interval, Action<PhotoSyncProgressEvent> send)
    {
        _interval = interval;
        _send = send;
        var tick = interval / 5;
        _timer = new Timer(_ => SendDue(), null, tick, tick);
    }

    public void Progress(PhotoSyncProgressEvent progress)
    {
        var album = _albums.GetOrAdd(progress.AlbumId, _ => new Album());
        lock (album)
        {
            var tag = progress.AlbumTagId;
            if (!album.Pending.ContainsKey(tag) && Due(album, tag)) Send(album, progress);
            else album.Pending[tag] = progress;
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
        }
    }

    private void SendDue()
    {
        foreach (var (albumId, album) in _albums)
        {
            lock (album)
            {
                foreach (var (tag, pending) in album.Pending.Where(entry => Due(album, entry.Key)).ToList())
                {
                    album.Pending.Remove(tag);
                    Send(album, pending);
                }
                // An album quiet for a while is forgotten (a later event starts it afresh).
                if (album.Pending.Count == 0 && album.LastSentAt.Values.All(at => Stopwatch.GetElapsedTime(at) > _interval * 4))
                    _albums.TryRemove(albumId, out _);
            }
        }
    }

    private bool Due(Album album, Guid tag) =>
        !album.LastSentAt.TryGetValue(tag, out var at) || Stopwatch.GetElapsedTime(at) >= _interval;

    private void Send(Album album, PhotoSyncProgressEvent progress)
    {
        album.LastSentAt[progress.AlbumTagId] = Stopwatch.GetTimestamp();
        _send(progress);
    }

    public void Dispose() => _timer.Dispose();
}
