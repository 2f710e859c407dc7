import { HttpErrorResponse } from '@angular/common/http';
import * as v from 'valibot';
import type { ProblemDetails } from './models';
import { problemDetailsSchema } from './resource-schemas';

/** A failed request, reduced to what the store keeps and the UI says. */
export interface ApiError {
  /** HTTP status; 0 when the backend could not be reached. */
  readonly status: number;
  /** The PhotoFlow error code (`ALBUM_103A`, `FORBIDDEN`, …) when the backend gave one. */
  readonly code: string | null;
  /** One plain-language sentence for the photographer. */
  readonly message: string;
}

/**
 * The code of an answer the app refuses to read: a 2xx whose body does not match its
 * schema (or is not JSON). What was wrong goes to the console, never to the store.
 */
export const INVALID_RESPONSE = 'INVALID_RESPONSE';
// The app's own sentences, chosen by code and status (never the backend's text), so they are
// in the page's language whatever language the backend answers in.
const invalidResponseMessage = $localize`PhotoFlow sent an answer this app cannot read. Try again; if it keeps happening, reload the page.`;

const messagesByCode: Record<string, string> = {
  ALBUM_101A: $localize`This album no longer exists, or it belongs to another studio.`,
  ALBUM_102A: $localize`The album is not in a state that allows this right now. Wait for its sync to finish and try again.`,
  ALBUM_103A: $localize`This step is not possible from the album’s current stage.`,
  FORBIDDEN: $localize`Your role does not allow this action.`,
};

const messagesByStatus: Record<number, string> = {
  0: $localize`PhotoFlow cannot be reached. Check your connection; we will keep trying.`,
  400: $localize`PhotoFlow could not accept this request. Check what you entered and try again.`,
  401: $localize`Your session has ended. Please sign in again.`,
  403: $localize`You do not have access to this.`,
  404: $localize`We could not find this. It may have been deleted, or it belongs to another studio.`,
  409: $localize`This conflicts with the album’s current state. Refresh and try again.`,
  429: $localize`Too many requests. Wait a moment and try again.`,
};

const serverError = $localize`PhotoFlow had a problem on its side. Try again in a moment.`;
const unknownError = $localize`Something went wrong. Try again.`;

/** Maps any error (HTTP, network, thrown) to an {@link ApiError} with a plain sentence. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof HttpErrorResponse) {
    // A 2xx failed: the body could not be parsed as JSON.
    if (error.status >= 200 && error.status < 300) return invalidResponse(error.status);
    const problem = asProblem(error.error);
    const code = problem?.code ?? null;
    return { status: error.status, code, message: describe(error.status, code, problem) };
  }
  if (isApiError(error)) return error;
  return { status: -1, code: null, message: unknownError };
}

/** The error for a `status` answer whose body the app cannot read. */
export function invalidResponse(status: number): ApiError {
  return { status, code: INVALID_RESPONSE, message: invalidResponseMessage };
}

/** The plain-language sentence for any error. */
export function describeApiError(error: unknown): string {
  return toApiError(error).message;
}

function describe(status: number, code: string | null, problem: ProblemDetails | null): string {
  if (code && messagesByCode[code]) return messagesByCode[code];
  // The backend refuses a Drive link with a 400 whose detail names the folder or URL.
  if (status === 400 && problem?.detail && /drive|folder|url/i.test(problem.detail)) {
    return $localize`That is not a Google Drive folder PhotoFlow can read. Check the link and its sharing settings.`;
  }
  if (messagesByStatus[status]) return messagesByStatus[status];
  if (status >= 500) return serverError;
  return unknownError;
}

function asProblem(body: unknown): ProblemDetails | null {
  if (typeof body === 'string') {
    try {
      return asProblem(JSON.parse(body));
    } catch {
      return null;
    }
  }
  const problem = v.safeParse(problemDetailsSchema, body);
  return problem.success ? problem.output : null;
}

function isApiError(value: unknown): value is ApiError {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as ApiError).status === 'number' &&
    typeof (value as ApiError).message === 'string' &&
    'code' in value
  );
}
