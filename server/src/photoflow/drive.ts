import type { DatabaseSync } from 'node:sqlite';

/** A folder of the simulated Google Drive: `count` generated photos. */
export interface DriveFolder {
  readonly id: string;
  readonly name: string;
  readonly filePrefix: string;
  readonly fileCount: number;
  readonly hue: number;
}

interface DriveFolderRow {
  id: string;
  name: string;
  file_prefix: string;
  file_count: number;
  hue: number;
}

const folderUrlPattern =
  /^https:\/\/drive\.google\.com\/drive\/(?:u\/\d+\/)?folders\/([A-Za-z0-9_-]{10,100})\/?(?:[?#].*)?$/;

export const driveFolderUrl = (folderId: string): string =>
  `https://drive.google.com/drive/folders/${folderId}`;

/** The folder id of a Google Drive folder URL, or null when it is not one. */
export function parseDriveFolderUrl(url: string): string | null {
  return folderUrlPattern.exec(url.trim())?.[1] ?? null;
}

export const driveFileName = (folder: DriveFolder, index: number): string =>
  `${folder.filePrefix}_${String(index).padStart(4, '0')}.jpg`;

/** A folder's files as the photos a sync (or the seed) stores, in Drive order. */
export function drivePhotos(folder: DriveFolder, variant: string): DrivePhoto[] {
  return Array.from({ length: folder.fileCount }, (_, offset) => {
    const index = offset + 1;
    return {
      fileName: driveFileName(folder, index),
      imageFolderId: folder.id,
      imageIndex: index,
      variant,
      sortOrder: index,
      sourceKey: `drive:${folder.id}:${index}`,
    };
  });
}

export interface DrivePhoto {
  readonly fileName: string;
  readonly imageFolderId: string;
  readonly imageIndex: number;
  readonly variant: string;
  readonly sortOrder: number;
  readonly sourceKey: string;
}

/** The simulated Drive: what folders exist and what they hold. */
export class SimulatedDrive {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  folders(): DriveFolder[] {
    const rows = this.#db
      .prepare('SELECT * FROM drive_folders ORDER BY name')
      .all() as unknown as DriveFolderRow[];
    return rows.map(toFolder);
  }

  folder(id: string): DriveFolder | null {
    const row = this.#db.prepare('SELECT * FROM drive_folders WHERE id = ?').get(id) as
      DriveFolderRow | undefined;
    return row ? toFolder(row) : null;
  }

  /** The folder a Drive URL points to, or null when the backend cannot read it. */
  folderAt(url: string): DriveFolder | null {
    const id = parseDriveFolderUrl(url);
    return id ? this.folder(id) : null;
  }

  addFolder(folder: DriveFolder): void {
    this.#db
      .prepare(
        'INSERT INTO drive_folders (id, name, file_prefix, file_count, hue) VALUES (?, ?, ?, ?, ?)',
      )
      .run(folder.id, folder.name, folder.filePrefix, folder.fileCount, folder.hue);
  }
}

function toFolder(row: DriveFolderRow): DriveFolder {
  return {
    id: row.id,
    name: row.name,
    filePrefix: row.file_prefix,
    fileCount: row.file_count,
    hue: row.hue,
  };
}
