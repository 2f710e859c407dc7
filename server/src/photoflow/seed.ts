import type { DatabaseSync } from 'node:sqlite';
import type { AlbumStore, NewPhoto, TagRow } from './albums.ts';
import { transaction, writeSetting } from './database.ts';
import { drivePhotos, type DriveFolder, type SimulatedDrive } from './drive.ts';
import { hashPasswordSync } from './auth.ts';
import { newId, seedDriveFolderId, seedId } from './ids.ts';
import type { AlbumState, TagType } from './model.ts';
import { tagVariants } from './sync-engine.ts';

/** Dev-only password of every seeded user (CONTRACT §6). */
export const devPassword = 'photoflow';

export const seedOrganizations = {
  studioAn: { id: seedId('organization:studio-an'), name: 'Studio An' },
  binhPhoto: { id: seedId('organization:binh-photo'), name: 'Binh Photo' },
} as const;

export const seedUsers = {
  an: {
    id: seedId('user:an'),
    email: 'an@photoflow.test',
    name: 'An Nguyen',
    role: 'org_admin',
    organizationId: seedOrganizations.studioAn.id,
  },
  chi: {
    id: seedId('user:chi'),
    email: 'chi@photoflow.test',
    name: 'Chi Tran',
    role: 'photographer',
    organizationId: seedOrganizations.studioAn.id,
  },
  binh: {
    id: seedId('user:binh'),
    email: 'binh@photoflow.test',
    name: 'Binh Le',
    role: 'org_admin',
    organizationId: seedOrganizations.binhPhoto.id,
  },
} as const;

interface FolderSeed {
  readonly key: string;
  readonly name: string;
  readonly prefix: string;
  readonly count: number;
  readonly hue: number;
}

const folderSeeds: readonly FolderSeed[] = [
  { key: 'lan-minh-raw', name: 'Lan & Minh Wedding / Raw', prefix: 'LM', count: 2400, hue: 18 },
  { key: 'hoa-raw', name: 'Hoa Graduation / Raw', prefix: 'HOA', count: 180, hue: 205 },
  { key: 'food-raw', name: 'Saigon Food Festival / Raw', prefix: 'SFF', count: 240, hue: 40 },
  { key: 'phuong-raw', name: 'Phuong Family / Raw', prefix: 'PHG', count: 120, hue: 100 },
  {
    key: 'phuong-retouched',
    name: 'Phuong Family / Retouched',
    prefix: 'PHR',
    count: 30,
    hue: 110,
  },
  { key: 'tet-raw', name: 'Tet Lookbook / Raw', prefix: 'TET', count: 90, hue: 330 },
  { key: 'tet-retouched', name: 'Tet Lookbook / Retouched', prefix: 'TER', count: 20, hue: 340 },
  { key: 'headshots-raw', name: 'Corporate Headshots / Raw', prefix: 'CH', count: 60, hue: 250 },
  {
    key: 'headshots-retouched',
    name: 'Corporate Headshots / Retouched',
    prefix: 'CHR',
    count: 12,
    hue: 260,
  },
  { key: 'quick-shoot', name: 'Quick Shoot (60 photos)', prefix: 'QS', count: 60, hue: 150 },
  { key: 'small-set', name: 'Small Set (12 photos)', prefix: 'SS', count: 12, hue: 280 },
  { key: 'dalat-raw', name: 'Binh / Da Lat Pre-wedding / Raw', prefix: 'DL', count: 300, hue: 170 },
  { key: 'portraits-raw', name: 'Binh / Studio Portraits / Raw', prefix: 'SP', count: 80, hue: 60 },
  { key: 'aodai-raw', name: 'Binh / Ao Dai Collection / Raw', prefix: 'AD', count: 150, hue: 0 },
  {
    key: 'coffee-raw',
    name: 'Binh / Coffee Product Shoot / Raw',
    prefix: 'CF',
    count: 64,
    hue: 30,
  },
  {
    key: 'coffee-retouched',
    name: 'Binh / Coffee Product Shoot / Retouched',
    prefix: 'CFR',
    count: 16,
    hue: 35,
  },
];

export const seedDriveFolderIds: Readonly<Record<string, string>> = Object.fromEntries(
  folderSeeds.map((folder) => [folder.key, seedDriveFolderId(folder.key)]),
);

interface AlbumSeed {
  readonly key: string;
  readonly organizationId: string;
  readonly name: string;
  readonly state: AlbumState;
  readonly rawFolder: string;
  /** Tags that exist beyond Raw, and what they hold. */
  readonly rawSynced: boolean;
  readonly stock?: true;
  /** Every n-th Stock photo the client picked. */
  readonly pickEvery?: number;
  readonly retouchFolder?: string | null;
  readonly retouchSynced?: boolean;
  readonly final?: true;
}

const albumSeeds: readonly AlbumSeed[] = [
  // Studio An: exactly one album in Init (2,400 photos waiting) and one in Stock.
  {
    key: 'lan-minh',
    organizationId: seedOrganizations.studioAn.id,
    name: 'Lan & Minh Wedding',
    state: 'Init',
    rawFolder: 'lan-minh-raw',
    rawSynced: false,
  },
  {
    key: 'hoa',
    organizationId: seedOrganizations.studioAn.id,
    name: "Hoa's Graduation",
    state: 'Raw',
    rawFolder: 'hoa-raw',
    rawSynced: true,
  },
  {
    key: 'food',
    organizationId: seedOrganizations.studioAn.id,
    name: 'Saigon Food Festival',
    state: 'Stock',
    rawFolder: 'food-raw',
    rawSynced: true,
    stock: true,
  },
  {
    key: 'phuong',
    organizationId: seedOrganizations.studioAn.id,
    name: 'Phuong Family Portraits',
    state: 'Retouch',
    rawFolder: 'phuong-raw',
    rawSynced: true,
    stock: true,
    pickEvery: 4,
    retouchFolder: null,
  },
  {
    key: 'tet',
    organizationId: seedOrganizations.studioAn.id,
    name: 'Tet Lookbook 2027',
    state: 'Feedback',
    rawFolder: 'tet-raw',
    rawSynced: true,
    stock: true,
    pickEvery: 5,
    retouchFolder: 'tet-retouched',
    retouchSynced: true,
  },
  {
    key: 'headshots',
    organizationId: seedOrganizations.studioAn.id,
    name: 'Corporate Headshots',
    state: 'Final',
    rawFolder: 'headshots-raw',
    rawSynced: true,
    stock: true,
    pickEvery: 5,
    retouchFolder: 'headshots-retouched',
    retouchSynced: true,
    final: true,
  },
  // Binh Photo
  {
    key: 'dalat',
    organizationId: seedOrganizations.binhPhoto.id,
    name: 'Da Lat Pre-wedding',
    state: 'Init',
    rawFolder: 'dalat-raw',
    rawSynced: false,
  },
  {
    key: 'portraits',
    organizationId: seedOrganizations.binhPhoto.id,
    name: 'Studio Portraits',
    state: 'Raw',
    rawFolder: 'portraits-raw',
    rawSynced: true,
  },
  {
    key: 'aodai',
    organizationId: seedOrganizations.binhPhoto.id,
    name: 'Ao Dai Collection',
    state: 'Rate',
    rawFolder: 'aodai-raw',
    rawSynced: true,
    stock: true,
    pickEvery: 6,
  },
  {
    key: 'coffee',
    organizationId: seedOrganizations.binhPhoto.id,
    name: 'Coffee Product Shoot',
    state: 'Approved',
    rawFolder: 'coffee-raw',
    rawSynced: true,
    stock: true,
    pickEvery: 4,
    retouchFolder: 'coffee-retouched',
    retouchSynced: true,
  },
];

/** Stable ids of the seeded albums, for tests and docs. */
export const seedAlbumIds: Readonly<Record<string, string>> = Object.fromEntries(
  albumSeeds.map((album) => [album.key, seedId(`album:${album.key}`)]),
);

let devPasswordHash: string | undefined;

/** Replaces every organization, user, album and Drive folder with the seed (one transaction). */
export function seedDatabase(db: DatabaseSync, albums: AlbumStore, drive: SimulatedDrive): void {
  devPasswordHash ??= hashPasswordSync(devPassword);
  const passwordHash = devPasswordHash;
  transaction(db, () => {
    db.exec(`
      DELETE FROM running_syncs; DELETE FROM tag_photos; DELETE FROM photos;
      DELETE FROM album_tags; DELETE FROM albums; DELETE FROM authorization_codes;
      DELETE FROM users; DELETE FROM organizations; DELETE FROM drive_folders;
    `);
    const insertOrganization = db.prepare('INSERT INTO organizations (id, name) VALUES (?, ?)');
    for (const organization of Object.values(seedOrganizations)) {
      insertOrganization.run(organization.id, organization.name);
    }
    const insertUser = db.prepare(
      'INSERT INTO users (id, organization_id, email, name, role, password_hash) VALUES (?, ?, ?, ?, ?, ?)',
    );
    for (const user of Object.values(seedUsers)) {
      insertUser.run(user.id, user.organizationId, user.email, user.name, user.role, passwordHash);
    }
    const folders = new Map<string, DriveFolder>();
    for (const seed of folderSeeds) {
      const folder: DriveFolder = {
        id: seedDriveFolderId(seed.key),
        name: seed.name,
        filePrefix: seed.prefix,
        fileCount: seed.count,
        hue: seed.hue,
      };
      drive.addFolder(folder);
      folders.set(seed.key, folder);
    }
    const seededAt = Date.now();
    albumSeeds.forEach((seed, position) => {
      const folderOf = (key: string): DriveFolder => {
        const folder = folders.get(key);
        if (!folder) throw new Error(`Unknown seed folder ${key}`);
        return folder;
      };
      seedAlbum(albums, seed, folderOf, new Date(seededAt - position * 3_600_000).toISOString());
    });
    writeSetting(db, 'seeded_at', new Date(seededAt).toISOString());
  });
}

function seedAlbum(
  albums: AlbumStore,
  seed: AlbumSeed,
  folderOf: (key: string) => DriveFolder,
  modifiedAt: string,
): void {
  const albumId = seedId(`album:${seed.key}`);
  albums.insertAlbum({
    id: albumId,
    organization_id: seed.organizationId,
    name: seed.name,
    state: seed.state,
    created_at: modifiedAt,
    modified_at: modifiedAt,
  });
  const tag = (type: TagType, driveFolderId: string | null, status: 'Pending' | 'Ready'): TagRow =>
    albums.createTag(albumId, type, driveFolderId, {
      id: seedId(`tag:${seed.key}:${type}`),
      folderId: seedId(`folder:${seed.key}:${type}`),
      status,
    });
  const fromFolder = (target: TagRow, folder: DriveFolder): void => {
    const photos: NewPhoto[] = drivePhotos(folder, tagVariants[target.type]).map((photo) => ({
      ...photo,
      id: seedId(`photo:${seed.key}:${target.type}:${photo.imageIndex}`),
    }));
    albums.addPhotos(target, photos);
  };
  const fromTag = (target: TagRow, source: TagRow): void => {
    albums.addPhotos(
      target,
      albums.processedCopies(source.id, tagVariants[target.type]).map((photo) => ({
        ...photo,
        id: seedId(`photo:${seed.key}:${target.type}:${photo.sortOrder}`),
      })),
    );
  };

  const rawFolder = folderOf(seed.rawFolder);
  const raw = tag('Raw', rawFolder.id, seed.rawSynced ? 'Ready' : 'Pending');
  if (seed.rawSynced) fromFolder(raw, rawFolder);
  if (!seed.stock) return;
  const stock = tag('Stock', null, 'Ready');
  fromTag(stock, raw);
  if (!seed.pickEvery) return;
  const rate = tag('Rate', null, 'Ready');
  for (const photo of albums.allTagPhotos(stock.id)) {
    if (photo.sort_order % seed.pickEvery === 1) albums.setVoted(photo.id, true);
  }
  albums.listPicks(rate.id, stock.id);
  if (seed.retouchFolder === undefined) return;
  const retouchFolder = seed.retouchFolder ? folderOf(seed.retouchFolder) : null;
  const retouch = tag(
    'Retouch',
    retouchFolder?.id ?? null,
    seed.retouchSynced ? 'Ready' : 'Pending',
  );
  if (retouchFolder && seed.retouchSynced) fromFolder(retouch, retouchFolder);
  if (!seed.final) return;
  const final = tag('Final', null, 'Ready');
  fromTag(final, retouch);
}

/**
 * Dev tool: `count` more albums for an organization, older than every album it has, so a
 * list of a real studio's size can be tried (issue 21: 600 and 5,000 albums). Each is at
 * Raw with its Raw tag Ready and linked to Hoa's Drive folder (photos not copied), so a
 * folder re-sync runs on any of them. Named `Archive album 0001` (newest) to `…{count}`
 * (oldest), spaced an hour apart.
 */
export function seedArchiveAlbums(
  db: DatabaseSync,
  albums: AlbumStore,
  organizationId: string,
  count: number,
): { readonly oldestAlbumId: string; readonly newestAlbumId: string } {
  return transaction(db, () => {
    const oldest = db
      .prepare('SELECT MIN(modified_at) AS at FROM albums WHERE organization_id = ?')
      .get(organizationId) as { at: string | null };
    const start = Date.parse(oldest.at ?? new Date().toISOString());
    const width = String(count).length < 4 ? 4 : String(count).length;
    const ids: string[] = [];
    for (let n = 1; n <= count; n++) {
      const at = new Date(start - n * 3_600_000).toISOString();
      const id = newId();
      albums.insertAlbum({
        id,
        organization_id: organizationId,
        name: `Archive album ${String(n).padStart(width, '0')}`,
        state: 'Raw',
        created_at: at,
        modified_at: at,
      });
      albums.createTag(id, 'Raw', seedDriveFolderId('hoa-raw'), { status: 'Ready' });
      ids.push(id);
    }
    return { newestAlbumId: ids[0], oldestAlbumId: ids[ids.length - 1] };
  });
}
