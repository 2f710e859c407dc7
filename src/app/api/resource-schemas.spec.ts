import * as v from 'valibot';
import {
  albumAnswer,
  albumListAnswer,
  photoPageAnswer,
  syncingAlbumAnswer,
  syncingTransitionsAnswer,
  tagListAnswer,
  tokensAnswer,
  transitionsAnswer,
} from './backend-answers.testing';
import {
  albumSchema,
  albumSummaryPageSchema,
  albumTagListSchema,
  authTokensSchema,
  photoPageSchema,
  problemDetailsSchema,
  transitionListSchema,
} from './resource-schemas';
import { describeIssues } from './schema-rules';

/** What the console would say about an answer, or null when it reads. */
function refusal(schema: v.GenericSchema, answer: unknown, secret = false): string | null {
  const result = v.safeParse(schema, answer);
  return result.success ? null : describeIssues(result.issues, { secret });
}

describe('REST answer schemas', () => {
  it("reads the dev backend's answers as they are", () => {
    const answers: [v.GenericSchema, unknown][] = [
      [albumSummaryPageSchema, albumListAnswer],
      [albumSchema, albumAnswer],
      [albumSchema, syncingAlbumAnswer],
      [albumTagListSchema, tagListAnswer],
      [transitionListSchema, transitionsAnswer],
      [transitionListSchema, syncingTransitionsAnswer],
      [photoPageSchema, photoPageAnswer],
      [authTokensSchema, tokensAnswer],
    ];
    for (const [schema, answer] of answers) expect(v.parse(schema, answer)).toEqual(answer);
  });

  it('drops fields it does not know, and reads a transition without a reason', () => {
    const album = v.parse(albumSchema, {
      ...albumAnswer,
      ownerId: 'u-1',
      tags: [{ ...tagListAnswer[0], createdBy: 'x' }],
    });
    expect(Object.keys(album).sort()).toEqual(Object.keys(albumAnswer).sort());
    expect(Object.keys(album.tags[0]).sort()).toEqual(Object.keys(tagListAnswer[0]).sort());
    const [transition] = v.parse(transitionListSchema, [
      { trigger: 'Finish', targetState: 'Final', executableBy: 'Photographer', canExecute: true },
    ]);
    expect(transition.reason).toBeUndefined();
  });

  it('reads .NET timestamps (7 digits, trimmed zeros, offsets) as canonical UTC instants', () => {
    const album = v.parse(albumSchema, {
      ...syncingAlbumAnswer,
      modifiedAt: '2026-12-02T08:09:15.5984321+07:00',
      sync: { ...syncingAlbumAnswer.sync, startedAt: '2026-12-02T01:09:15.5Z' },
    });
    expect(album.modifiedAt).toBe('2026-12-02T01:09:15.598Z');
    expect(album.sync?.startedAt).toBe('2026-12-02T01:09:15.500Z');
    const photos = v.parse(photoPageSchema, {
      ...photoPageAnswer,
      items: [{ ...photoPageAnswer.items[0], createdAt: '2026-12-02T01:09:06Z' }],
    });
    expect(photos.items[0].createdAt).toBe('2026-12-02T01:09:06.000Z');
    const list = v.parse(albumSummaryPageSchema, {
      ...albumListAnswer,
      items: [{ ...albumListAnswer.items[0], modifiedAt: '2026-12-01T20:09:06.018-05:00' }],
    });
    expect(list.items[0].modifiedAt).toBe('2026-12-02T01:09:06.018Z');
  });

  it('refuses a malformed answer, saying where and what', () => {
    const tag = tagListAnswer[0];
    const cases: [v.GenericSchema, unknown, string][] = [
      [albumSchema, null, 'Invalid type: Expected Object but received null'],
      [albumSchema, { ...albumAnswer, photoCount: -1 }, 'photoCount: Invalid value'],
      [albumSchema, { ...albumAnswer, photoCount: 2.5 }, 'photoCount: Invalid integer'],
      [albumSchema, { ...albumAnswer, id: '__proto__' }, 'id: names a built-in object property'],
      [albumSchema, { ...albumAnswer, id: '' }, 'id: Invalid length'],
      [albumSchema, { ...albumAnswer, name: 'x'.repeat(1001) }, 'name: Invalid length'],
      [albumSchema, { ...albumAnswer, modifiedAt: '1' }, 'modifiedAt: not an ISO 8601 date-time'],
      [
        albumSchema,
        { ...albumAnswer, modifiedAt: '2026-13-01T00:00:00Z' },
        'modifiedAt: not an ISO 8601',
      ],
      [albumSchema, { ...albumAnswer, coverUrl: 'javascript:alert(1)' }, 'coverUrl: not an http'],
      [
        albumSchema,
        { ...albumAnswer, state: 'Archived' },
        'state: Invalid type: Expected ("Init" | "Raw"',
      ],
      [
        albumSchema,
        { ...albumAnswer, tags: [{ ...tag, photoCount: '240' }] },
        'tags.0.photoCount: Invalid type',
      ],
      [
        albumSchema,
        { ...albumAnswer, tags: [tag, { ...tag, link: 'javascript:x' }] },
        'tags.1.link: not an http(s) URL',
      ],
      [albumSchema, { ...albumAnswer, tags: undefined }, 'tags: Invalid type'],
      [
        albumSchema,
        { ...syncingAlbumAnswer, sync: { ...syncingAlbumAnswer.sync, processedCount: 2401 } },
        'sync: processedCount exceeds totalCount',
      ],
      [albumSummaryPageSchema, { items: {}, totalCount: 0 }, 'items: Invalid type'],
      [albumSummaryPageSchema, { ...albumListAnswer, totalCount: null }, 'totalCount: Invalid'],
      [
        albumSummaryPageSchema,
        { ...albumListAnswer, items: [{ ...albumListAnswer.items[0], syncing: 'no' }] },
        'items.0.syncing: Invalid type',
      ],
      [
        photoPageSchema,
        { ...photoPageAnswer, items: [{ ...photoPageAnswer.items[0], thumbnailUrl: '//evil/x' }] },
        'items.0.thumbnailUrl: not an http(s) URL or a path',
      ],
      [
        photoPageSchema,
        { ...photoPageAnswer, items: [{ ...photoPageAnswer.items[0], createdAt: 1_764_637_746 }] },
        'items.0.createdAt: Invalid type',
      ],
      [
        transitionListSchema,
        [{ ...transitionsAnswer[0], canExecute: 'false' }],
        '0.canExecute: Invalid type',
      ],
      [authTokensSchema, { ...tokensAnswer, expiresIn: 0 }, 'expiresIn: Invalid value'],
      [authTokensSchema, { ...tokensAnswer, accessToken: '' }, 'accessToken: Invalid length'],
    ];
    for (const [schema, answer, expected] of cases) {
      expect(refusal(schema, answer)).toContain(expected);
    }
  });

  it('leaves out items that name a state, type or role this app does not know', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const [init, raw, stock] = albumListAnswer.items;
    const list = v.parse(albumSummaryPageSchema, {
      items: [init, { ...raw, state: 'Archived' }, stock],
      totalCount: 6,
    });
    expect(list).toEqual({ items: [init, stock], totalCount: 6 });
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/album .*state: .*"Archived"/));

    const album = v.parse(albumSchema, {
      ...albumAnswer,
      tags: [tagListAnswer[0], { ...tagListAnswer[1], type: 'Proof' }],
    });
    expect(album.tags).toEqual([tagListAnswer[0]]);
    const transitions = v.parse(transitionListSchema, [
      ...transitionsAnswer,
      { ...transitionsAnswer[0], executableBy: 'Robot' },
    ]);
    expect(transitions).toEqual(transitionsAnswer);
    warn.mockRestore();
  });

  it('refuses the whole list when an item is broken, not just unknown', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const broken = { ...albumListAnswer.items[0], state: 'Archived', photoCount: -1 };
    expect(refusal(albumSummaryPageSchema, { items: [broken], totalCount: 1 })).toContain(
      'items.0.photoCount',
    );
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });

  it('never says what a token held', () => {
    const accessToken = 'secret-access-token';
    const said = refusal(
      authTokensSchema,
      { accessToken, refreshToken: 12_345_678, expiresIn: 'soon' },
      true,
    );
    expect(said).toContain('refreshToken: expected string');
    expect(said).toContain('expiresIn: expected number');
    expect(said).not.toContain('12345678');
    expect(said).not.toContain('soon');
    const long = refusal(
      authTokensSchema,
      { ...tokensAnswer, accessToken: 'x'.repeat(20_000) },
      true,
    );
    expect(long).toBe('accessToken: expected <=16384');
  });

  it('reads what it can of a problem body and ignores the rest', () => {
    expect(
      v.parse(problemDetailsSchema, { status: 409, title: 7, code: 'ALBUM_103A', extra: 1 }),
    ).toEqual({ status: 409, title: undefined, detail: undefined, code: 'ALBUM_103A' });
  });
});
