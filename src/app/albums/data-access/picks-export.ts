import type { Photo } from '../../api/models';

/**
 * The client's picks as the photographer takes them to their editor. File names go
 * without their extension: the client picked JPEG proofs, the catalog holds the raw
 * files (LM_0042.jpg picked is LM_0042.CR3 in Lightroom), and both editors match a part
 * of the name.
 */
export type FileNameFormat = 'lightroom' | 'captureOne';

/** The separator each editor's search takes between names (README, "The client's picks"). */
export const fileNameSeparators: Record<FileNameFormat, string> = {
  // Lightroom Classic, Library › Library Filter › Text › Filename › Contains: a comma
  // between terms matches any of them.
  lightroom: ', ',
  // Capture One, Filters tool's search field: terms separated by spaces, any of them.
  captureOne: ' ',
};

/** A file name without its last extension ("a.b.jpg" → "a.b"; ".jpg" stays as it is). */
export function fileStem(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(0, dot) : fileName;
}

/**
 * The picks' names, one list for pasting into the editor's search. A name holding the
 * separator itself (or a line break) would break the list, so it is written up to there:
 * matching a part of a name still finds it, and nothing else is added to the search.
 */
export function fileNameList(photos: readonly Photo[], format: FileNameFormat): string {
  const separator = fileNameSeparators[format].trim() || ' ';
  return photos
    .map((photo) => {
      const stem = fileStem(photo.fileName)
        .replace(/[\r\n\t]/g, ' ')
        .trim();
      const cut = stem.indexOf(separator);
      return cut > 0 ? stem.slice(0, cut) : stem;
    })
    .filter((stem) => stem.length > 0)
    .join(fileNameSeparators[format]);
}

/**
 * A text cell a spreadsheet cannot take for a formula: one starting with =, +, -, @ (or a
 * tab or carriage return, which some spreadsheets skip before reading one) gets a leading
 * apostrophe, as OWASP advises for CSV injection.
 */
function inert(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** One CSV field (RFC 4180): quoted when it holds a quote, comma or line break. */
function field(value: string | number): string {
  const text = typeof value === 'number' ? String(value) : inert(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const picksCsvHeader = ['File name', 'Tag', 'Pick', 'Sort order'] as const;

/**
 * The picks as CSV (RFC 4180: CRLF line ends, a header line): file name, the type of the
 * tag the photo belongs to, whether the client picked it, its sort order.
 */
export function picksCsv(photos: readonly Photo[], tagTypeOf: (tagId: string) => string): string {
  const lines = [picksCsvHeader.join(',')];
  for (const photo of photos) {
    lines.push(
      [
        field(photo.fileName),
        field(tagTypeOf(photo.albumTagId)),
        field(photo.voted ? 'yes' : 'no'),
        field(photo.sortOrder),
      ].join(','),
    );
  }
  return lines.join('\r\n') + '\r\n';
}

/** A file name for the download: the album's name, made safe for every file system. */
export function picksCsvFileName(albumName: string): string {
  const safe = [...albumName]
    .map((c) => (c < ' ' || '\\/:*?"<>|'.includes(c) ? ' ' : c))
    .join('')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 100);
  return `${safe || 'album'} - client picks.csv`;
}
