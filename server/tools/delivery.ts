import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { Transform } from 'node:stream';
import { promisify } from 'node:util';
import { brotliCompress, constants, createBrotliCompress, createGzip, gzip } from 'node:zlib';

/**
 * How the app server delivers what it serves, as a production host does (README,
 * "Deployment"): compressed where the browser accepts it, hashed files cached for a year,
 * the document revalidated on every visit.
 */

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeOf(file: string): string {
  return contentTypes[extname(file)] ?? 'application/octet-stream';
}

/** A content coding the server produces; `identity` is the file as it is. */
export type Coding = 'br' | 'gzip' | 'identity';

/**
 * Angular's output names every script and style with a content hash of 8 characters:
 * `main-2N4IL5LA.js`, and in base64url for lazy chunks, `chunk-BoL-mhJ-.js`.
 */
const hashedName = /^[a-z]+-[A-Za-z0-9_-]{8}\.(js|mjs|css)$/;

export const cachePolicy = {
  /** Same name, same bytes: a browser never needs to ask again. */
  hashed: 'public, max-age=31536000, immutable',
  /**
   * The document and unhashed files: stored, revalidated before each use (ETag) so a new
   * deployment is seen at once. Not `no-store`: that keeps the page out of the
   * back/forward cache.
   */
  revalidated: 'no-cache',
} as const;

export function cacheControlFor(file: string): string {
  return hashedName.test(basename(file)) ? cachePolicy.hashed : cachePolicy.revalidated;
}

const compressibleType =
  /^(text\/|application\/(json|javascript|manifest\+json|problem\+json)|image\/svg\+xml)/;

export function isCompressible(contentType: string | undefined): boolean {
  return compressibleType.test(contentType ?? '');
}

/**
 * The coding to answer with, from the request's Accept-Encoding (q-values honoured,
 * `*` included): brotli first, then gzip, else identity.
 */
export function negotiateCoding(acceptEncoding: string | undefined): Coding {
  const weights = new Map<string, number>();
  for (const entry of (acceptEncoding ?? '').split(',')) {
    const [rawName = '', ...params] = entry.toLowerCase().split(';');
    const name = rawName.trim();
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    weights.set(name, q ? Number(q.slice(2)) || 0 : 1);
  }
  const weight = (coding: string) => weights.get(coding) ?? weights.get('*') ?? 0;
  return (['br', 'gzip'] as const).find((coding) => weight(coding) > 0) ?? 'identity';
}

/** A body, its ETag and its compressed forms, made once per version of a file. */
export interface Encoded {
  readonly etag: string;
  readonly bodies: Readonly<Record<Coding, Buffer>>;
}

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/**
 * Compresses once per version of a file. Brotli 7 and gzip 9: within 8 % of brotli's best
 * (11) on this build, at a thirtieth of its time (every app server start encodes the
 * build; the e2e suite's is 3 MB of unminified code).
 */
export async function encode(body: Buffer, compressible: boolean): Promise<Encoded> {
  const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
  if (!compressible) return { etag, bodies: { br: body, gzip: body, identity: body } };
  const [br, gz] = await Promise.all([
    brotli(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 7,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    }),
    gzipped(body, { level: 9 }),
  ]);
  return { etag, bodies: { br, gzip: gz, identity: body } };
}

/**
 * Every file's encoded forms, kept while the file is unchanged (size and mtime): the
 * watched build of `npm start` rewrites files, and several app servers (the e2e suite's,
 * the bench's) share one process.
 */
export class EncodedFiles {
  private readonly files = new Map<string, { version: string; encoded: Promise<Encoded> }>();

  async get(
    file: string,
    compressible: boolean,
    transform: (body: Buffer) => Buffer = (body) => body,
    variant = '',
  ): Promise<Encoded> {
    const { size, mtimeMs } = await stat(file);
    const key = `${file}\0${variant}`;
    const version = `${size}:${mtimeMs}`;
    const cached = this.files.get(key);
    if (cached?.version === version) return cached.encoded;
    const encoded = readFile(file).then((body) => encode(transform(body), compressible));
    this.files.set(key, { version, encoded });
    encoded.catch(() => this.files.delete(key));
    return encoded;
  }

  /**
   * Encodes every compressible file under `root` (source maps aside: rarely asked for,
   * and large); a file already encoded and unchanged costs a stat. A root not built yet
   * (`npm start` builds while it serves) is left for the requests.
   */
  async warm(root: string): Promise<void> {
    const names = await readdir(root, { recursive: true }).catch(() => [] as string[]);
    const files = names
      .map((name) => join(root, name))
      .filter((file) => extname(file) !== '.map' && isCompressible(contentTypeOf(file)));
    for (const file of files) await this.get(file, true).catch(() => undefined);
  }
}

/** Whether the browser's copy (If-None-Match) is the one we would send. */
export function isFresh(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === etag || tag === '*');
}

/**
 * A streaming compressor for a proxied answer the backend sent uncompressed: a quick
 * level, as a server compressing on the fly uses (nginx's gzip_comp_level 5, brotli 5).
 */
export function streamingCompressor(coding: Exclude<Coding, 'identity'>): Transform {
  return coding === 'br'
    ? createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: 5 } })
    : createGzip({ level: 5 });
}

/** Adds `Accept-Encoding` to a Vary header without repeating it. */
export function varyOnEncoding(vary: string | string[] | undefined): string {
  const names = [vary ?? []]
    .flat()
    .flatMap((value) => value.split(','))
    .map((name) => name.trim())
    .filter(Boolean);
  if (names.includes('*')) return '*';
  if (!names.some((name) => name.toLowerCase() === 'accept-encoding'))
    names.push('Accept-Encoding');
  return names.join(', ');
}
