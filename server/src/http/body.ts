import type { IncomingMessage } from 'node:http';
import * as v from 'valibot';
import { ProblemError, badRequest } from './problem.ts';

const maxBodyBytes = 1024 * 1024;

/** Reads the whole request body as text (at most 1 MiB). */
export async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBodyBytes) {
      throw new ProblemError(413, 'PAYLOAD_TOO_LARGE', 'The request body is larger than 1 MiB.');
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads a JSON body; an empty body reads as `undefined`. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const text = await readText(req);
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badRequest('The request body is not valid JSON.');
  }
}

/** Validates a value against a valibot schema, answering 400 with the first issue. */
export function validate<S extends v.GenericSchema>(
  schema: S,
  value: unknown,
  what = 'body',
): v.InferOutput<S> {
  const result = v.safeParse(schema, value);
  if (result.success) return result.output;
  const issue = result.issues[0];
  const path = issue.path?.map((item) => String(item.key)).join('.');
  throw badRequest(`Invalid ${what}${path ? ` (${path})` : ''}: ${issue.message}`);
}

/** Reads and validates a JSON body. */
export async function readBody<S extends v.GenericSchema>(
  req: IncomingMessage,
  schema: S,
): Promise<v.InferOutput<S>> {
  const value = await readJson(req);
  if (value === undefined) throw badRequest('A JSON request body is required.');
  return validate(schema, value);
}

/** Reads an HTML form body (application/x-www-form-urlencoded). */
export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new URLSearchParams(await readText(req));
}
