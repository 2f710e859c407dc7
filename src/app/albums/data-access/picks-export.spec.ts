import type { Photo } from '../../api/models';
import { fileNameList, fileStem, picksCsv, picksCsvFileName } from './picks-export';

const photo = (fileName: string, sortOrder = 1, voted = true): Photo => ({
  id: `id-${sortOrder}`,
  albumTagId: 'stock',
  fileName,
  thumbnailUrl: 'https://example.test/t',
  sortOrder,
  voted,
  createdAt: '2026-12-02T00:00:00.000Z',
});

/** A reader of RFC 4180, to prove the CSV reads back as the fields written. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

describe('the picks’ exports', () => {
  it('copies names without extensions, comma-separated for Lightroom, space-separated for Capture One', () => {
    const picks = [photo('LM_0001.jpg'), photo('LM_0042.JPG', 2), photo('wedding.final.tif', 3)];
    expect(fileNameList(picks, 'lightroom')).toBe('LM_0001, LM_0042, wedding.final');
    expect(fileNameList(picks, 'captureOne')).toBe('LM_0001 LM_0042 wedding.final');
    expect(fileStem('.hidden')).toBe('.hidden');
    expect(fileStem('noext')).toBe('noext');
  });

  it('never lets a name add a term or a line to the search', () => {
    const picks = [photo('a,b.jpg'), photo('c d.jpg', 2), photo('e\nf.jpg', 3)];
    expect(fileNameList(picks, 'lightroom')).toBe('a, c d, e f');
    expect(fileNameList(picks, 'captureOne')).toBe('a,b c e');
  });

  it('writes RFC 4180 CSV that reads back exactly, hostile names included', () => {
    const names = [
      'plain.jpg',
      'comma, in it.jpg',
      'quote " in it.jpg',
      'line\r\nbreak.jpg',
      '  spaces  .jpg',
      'Đà Lạt – 日本.jpg',
    ];
    const csv = picksCsv(
      names.map((name, i) => photo(name, i + 1, i !== 2)),
      () => 'Stock',
    );
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.split('\r\n')[0]).toBe('File name,Tag,Pick,Sort order');
    const rows = parseCsv(csv);
    expect(rows).toEqual([
      ['File name', 'Tag', 'Pick', 'Sort order'],
      ...names.map((name, i) => [name, 'Stock', i === 2 ? 'no' : 'yes', String(i + 1)]),
    ]);
  });

  it('keeps a spreadsheet from reading a name as a formula', () => {
    const hostile = ['=HYPERLINK("http://x","y")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\r=1'];
    const rows = parseCsv(
      picksCsv(
        hostile.map((name, i) => photo(name, i + 1)),
        () => 'Stock',
      ),
    );
    expect(rows.slice(1).map((row) => row[0])).toEqual(hostile.map((name) => `'${name}`));
    // Sort orders are numbers, written as numbers.
    expect(rows[1][3]).toBe('1');
  });

  it('names the download after the album, safely', () => {
    expect(picksCsvFileName('Lan & Minh Wedding')).toBe('Lan & Minh Wedding - client picks.csv');
    expect(picksCsvFileName('../../etc/passwd')).toBe('.. .. etc passwd - client picks.csv');
    expect(picksCsvFileName('<>:"')).toBe('album - client picks.csv');
  });
});
