using System.Net;
using System.Net.Http.Headers;

namespace PhotoFlow.Notifications;

/// <summary>Asks PhotoFlow's REST API, with the caller's own token, whether the caller may read an album.</summary>
public sealed partial class AlbumAccess(HttpClient http, ILogger<AlbumAccess> logger)
{
    /// <summary>
    /// True on 200, false on 404/403 (a definite no); throws <see cref="AlbumLookupException"/>
    /// on anything else (5xx, 401 of an expired token, network error, timeout).
    /// </summary>
    public async Task<bool> CanReadAsync(Guid albumId, string token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/v1/albums/{albumId}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
        {
            LogUnreachable(logger, albumId, error.Message);
            throw new AlbumLookupException($"The PhotoFlow API could not be asked about album {albumId}.", error);
        }
        using (response)
        {
            if (response.IsSuccessStatusCode) return true;
            if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden) return false;
            LogUnexpectedStatus(logger, albumId, (int)response.StatusCode);
            throw new AlbumLookupException($"The PhotoFlow API answered {(int)response.StatusCode} about album {albumId}.");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Album {AlbumId}: the PhotoFlow API is unreachable ({Reason}).")]
    private static partial void LogUnreachable(ILogger logger, Guid albumId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Album {AlbumId}: the PhotoFlow API answered {Status}.")]
    private static partial void LogUnexpectedStatus(ILogger logger, Guid albumId, int status);
}

/// <summary>The album's visibility is unknown: not a refusal.</summary>
public sealed class AlbumLookupException(string message, Exception? inner = null) : Exception(message, inner);
