import { createHash, randomUUID } from 'node:crypto';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: unknown): value is string =>
  typeof value === 'string' && uuidPattern.test(value);

export const newId = (): string => randomUUID();

/** A name-based (version 5 style) UUID: the seed's ids are the same on every reset. */
export function seedId(name: string): string {
  const bytes = createHash('sha1').update(`photoflow-seed:${name}`).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A Google-Drive-looking folder id (33 URL-safe characters), stable for a name. */
export function seedDriveFolderId(name: string): string {
  return `1${createHash('sha256').update(`photoflow-drive:${name}`).digest('base64url').slice(0, 32)}`;
}
