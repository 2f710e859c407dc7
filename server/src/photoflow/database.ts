import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

const schema = `
CREATE TABLE IF NOT EXISTS settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS organizations (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS users (
  id TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  email TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('photographer', 'org_admin')),
  password_hash TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS refresh_tokens (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  family_id TEXT,
  spent_at INTEGER
);
CREATE TABLE IF NOT EXISTS authorization_codes (
  code_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  redirect_uri TEXT NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS drive_folders (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  file_prefix TEXT NOT NULL,
  file_count INTEGER NOT NULL,
  hue INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS albums (
  id TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  state TEXT NOT NULL,
  created_at TEXT NOT NULL,
  modified_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS albums_by_organization ON albums (organization_id, modified_at);
CREATE TABLE IF NOT EXISTS album_tags (
  id TEXT PRIMARY KEY,
  album_id TEXT NOT NULL REFERENCES albums(id) ON DELETE CASCADE,
  type TEXT NOT NULL,
  status TEXT NOT NULL,
  drive_folder_id TEXT,
  folder_id TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  UNIQUE (album_id, type)
);
CREATE TABLE IF NOT EXISTS photos (
  id TEXT PRIMARY KEY,
  album_id TEXT NOT NULL REFERENCES albums(id) ON DELETE CASCADE,
  album_tag_id TEXT NOT NULL REFERENCES album_tags(id) ON DELETE CASCADE,
  file_name TEXT NOT NULL,
  voted INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  image_folder_id TEXT NOT NULL,
  image_index INTEGER NOT NULL,
  variant TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS photos_by_album ON photos (album_id);
-- Which photos a tag lists: its own, or (the Rate tag) the Stock photos the client picked.
CREATE TABLE IF NOT EXISTS tag_photos (
  album_tag_id TEXT NOT NULL REFERENCES album_tags(id) ON DELETE CASCADE,
  photo_id TEXT NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
  sort_order INTEGER NOT NULL,
  source_key TEXT NOT NULL,
  PRIMARY KEY (album_tag_id, photo_id),
  UNIQUE (album_tag_id, source_key)
);
CREATE INDEX IF NOT EXISTS tag_photos_in_order ON tag_photos (album_tag_id, sort_order);
-- A sync in progress; a row still here at start-up belongs to a sync the stop interrupted.
CREATE TABLE IF NOT EXISTS running_syncs (
  album_id TEXT PRIMARY KEY REFERENCES albums(id) ON DELETE CASCADE,
  album_tag_id TEXT NOT NULL,
  trigger TEXT,
  processed_count INTEGER NOT NULL,
  total_count INTEGER NOT NULL,
  started_at TEXT NOT NULL
);
`;

/** Databases of earlier versions: refresh tokens gained families (each old one its own). */
function migrate(db: DatabaseSync): void {
  const columns = db.prepare('PRAGMA table_info(refresh_tokens)').all() as { name: string }[];
  if (!columns.some((column) => column.name === 'family_id')) {
    db.exec('ALTER TABLE refresh_tokens ADD COLUMN family_id TEXT');
    db.exec('ALTER TABLE refresh_tokens ADD COLUMN spent_at INTEGER');
  }
  db.exec('UPDATE refresh_tokens SET family_id = token_hash WHERE family_id IS NULL');
  db.exec('CREATE INDEX IF NOT EXISTS refresh_tokens_family ON refresh_tokens (family_id)');
}

/** Opens (and creates) the dev backend's embedded database in `dataDir`. */
export function openDatabase(dataDir: string): DatabaseSync {
  mkdirSync(dataDir, { recursive: true });
  const db = new DatabaseSync(join(dataDir, 'photoflow.db'));
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = NORMAL');
  db.exec('PRAGMA foreign_keys = ON');
  db.exec('PRAGMA busy_timeout = 5000');
  db.exec(schema);
  migrate(db);
  return db;
}

/** Runs `work` in one transaction: all of it is applied, or none of it. */
export function transaction<T>(db: DatabaseSync, work: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}

export function readSetting(db: DatabaseSync, key: string): string | undefined {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as
    { value: string } | undefined;
  return row?.value;
}

export function writeSetting(db: DatabaseSync, key: string, value: string): void {
  db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(key, value);
}
