import { HttpErrorResponse } from '@angular/common/http';
import { INVALID_RESPONSE, describeApiError, invalidResponse, toApiError } from './api-error';

const problem = (status: number, code?: string, detail?: string) =>
  new HttpErrorResponse({ status, error: { status, title: 't', detail, code } });

describe('api errors in plain words', () => {
  it('names each PhotoFlow code', () => {
    expect(toApiError(problem(404, 'ALBUM_101A'))).toEqual({
      status: 404,
      code: 'ALBUM_101A',
      message: 'This album no longer exists, or it belongs to another studio.',
    });
    expect(describeApiError(problem(409, 'ALBUM_102A'))).toContain(
      'not in a state that allows this',
    );
    expect(describeApiError(problem(409, 'ALBUM_103A'))).toBe(
      'This step is not possible from the album’s current stage.',
    );
    expect(describeApiError(problem(403, 'FORBIDDEN'))).toBe(
      'Your role does not allow this action.',
    );
  });

  it('falls back on the status', () => {
    expect(describeApiError(problem(401))).toBe('Your session has ended. Please sign in again.');
    expect(describeApiError(problem(404))).toContain('could not find');
    expect(describeApiError(problem(503))).toContain('on its side');
  });

  it('says when the backend cannot be reached', () => {
    expect(
      describeApiError(new HttpErrorResponse({ status: 0, error: new ProgressEvent('error') })),
    ).toContain('cannot be reached');
  });

  it('explains a refused Drive folder link', () => {
    expect(
      describeApiError(
        problem(400, undefined, 'The URL is not a Drive folder the backend can read'),
      ),
    ).toContain('Google Drive folder');
  });

  it('reads a problem sent as text, and survives anything', () => {
    const text = new HttpErrorResponse({
      status: 409,
      error: JSON.stringify({ code: 'ALBUM_103A' }),
    });
    expect(toApiError(text).code).toBe('ALBUM_103A');
    expect(describeApiError(new Error('boom'))).toBe('Something went wrong. Try again.');
    expect(describeApiError(undefined)).toBe('Something went wrong. Try again.');
  });

  it('says when an answer cannot be read, a 2xx that failed to parse included', () => {
    expect(invalidResponse(200)).toEqual({
      status: 200,
      code: INVALID_RESPONSE,
      message:
        'PhotoFlow sent an answer this app cannot read. Try again; if it keeps happening, reload the page.',
    });
    expect(toApiError(new HttpErrorResponse({ status: 200, error: 'not json' }))).toEqual(
      invalidResponse(200),
    );
  });

  it('ignores problem fields of the wrong type', () => {
    const odd = new HttpErrorResponse({ status: 409, error: { code: 103, detail: ['drive'] } });
    expect(toApiError(odd)).toEqual({
      status: 409,
      code: null,
      message: 'This conflicts with the album’s current state. Refresh and try again.',
    });
  });
});
