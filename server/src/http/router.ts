import type { IncomingMessage, ServerResponse } from 'node:http';
import { ProblemError, badRequest, sendProblem } from './problem.ts';

export interface RouteContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  readonly params: Readonly<Record<string, string>>;
}

export type RouteHandler = (context: RouteContext) => Promise<void> | void;

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

interface Route {
  readonly method: Method;
  readonly pattern: RegExp;
  readonly names: readonly string[];
  readonly handler: RouteHandler;
}

/** A small router: `/api/v1/albums/:albumId` patterns, problem details for what fails. */
export class Router {
  readonly #routes: Route[] = [];

  add(method: Method, path: string, handler: RouteHandler): this {
    const names: string[] = [];
    const source = path
      .split('/')
      .map((segment) => {
        if (segment.startsWith(':')) {
          names.push(segment.slice(1));
          return '([^/]+)';
        }
        return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('/');
    this.#routes.push({ method, pattern: new RegExp(`^${source}/?$`), names, handler });
    return this;
  }

  get(path: string, handler: RouteHandler): this {
    return this.add('GET', path, handler);
  }
  post(path: string, handler: RouteHandler): this {
    return this.add('POST', path, handler);
  }
  put(path: string, handler: RouteHandler): this {
    return this.add('PUT', path, handler);
  }
  delete(path: string, handler: RouteHandler): this {
    return this.add('DELETE', path, handler);
  }

  /** Answers the request: the matching route, 405, or a 404 problem (400 for a bad target). */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let pathMatched = false;
    let url: URL | undefined;
    try {
      url = requestUrl(req);
      for (const route of this.#routes) {
        const match = route.pattern.exec(url.pathname);
        if (!match) continue;
        pathMatched = true;
        if (route.method !== req.method) continue;
        const params: Record<string, string> = {};
        route.names.forEach((name, index) => {
          params[name] = safeDecode(match[index + 1] ?? '');
        });
        await route.handler({ req, res, url, params });
        return;
      }
      throw pathMatched
        ? new ProblemError(405, 'METHOD_NOT_ALLOWED', `${req.method} is not allowed here.`)
        : new ProblemError(404, 'NOT_FOUND', `No resource at ${url.pathname}.`);
    } catch (error) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof ProblemError) {
        sendProblem(res, error);
      } else {
        console.error('Unhandled error in', req.method, url?.pathname, error);
        sendProblem(res, new ProblemError(500, 'INTERNAL_ERROR', 'Something went wrong.'));
      }
    }
  }
}

/** The request target as a URL; one that cannot be parsed (`//[`) is a 400, not a crash. */
function requestUrl(req: IncomingMessage): URL {
  try {
    return new URL(req.url ?? '/', 'http://backend.invalid');
  } catch {
    throw badRequest('The request target is not a valid URL.');
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
