import type { ServerResponse } from 'node:http';

/** A problem-details error (RFC 9457) with PhotoFlow's error code. */
export interface ProblemDetails {
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly code: string;
}

const titles: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
};

/** Thrown anywhere in a request handler; the router answers it as problem details. */
export class ProblemError extends Error {
  readonly status: number;
  readonly code: string;
  /** Extra response headers (Retry-After). */
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    status: number,
    code: string,
    detail: string,
    headers: Readonly<Record<string, string>> = {},
  ) {
    super(detail);
    this.status = status;
    this.code = code;
    this.headers = headers;
  }

  toProblem(): ProblemDetails {
    return {
      status: this.status,
      title: titles[this.status] ?? 'Error',
      detail: shortDetail(this.message),
      code: this.code,
    };
  }
}

/** Longest detail answered: a detail quoting its input (a path, a value) never echoes it whole. */
export const maxDetailLength = 300;

export function shortDetail(detail: string): string {
  return detail.length <= maxDetailLength ? detail : `${detail.slice(0, maxDetailLength - 1)}…`;
}

export const badRequest = (detail: string, code = 'VALIDATION_FAILED'): ProblemError =>
  new ProblemError(400, code, detail);
export const unauthorized = (detail = 'A valid access token is required.'): ProblemError =>
  new ProblemError(401, 'UNAUTHORIZED', detail);
export const forbidden = (detail: string): ProblemError =>
  new ProblemError(403, 'FORBIDDEN', detail);
export const notFound = (code: string, detail: string): ProblemError =>
  new ProblemError(404, code, detail);
export const conflict = (code: string, detail: string): ProblemError =>
  new ProblemError(409, code, detail);

export function sendProblem(res: ServerResponse, error: ProblemError): void {
  const body = JSON.stringify(error.toProblem());
  res.writeHead(error.status, {
    'Content-Type': 'application/problem+json; charset=utf-8',
    'Cache-Control': 'no-store',
    ...error.headers,
  });
  res.end(body);
}
