import * as v from 'valibot';
import { canonicalInstant } from './instant';
import { isStoreKey } from './store-key';

// The building blocks of every REST answer and hub event (CONTRACT §3–§5). Liberal where
// the real backend may add things (unknown fields are dropped), strict where the app
// depends on a value (ids key the store, counts size bars, states drive the workflow).

/** Album states, in workflow order (CONTRACT §3). */
export const ALBUM_STATES = [
  'Init',
  'Raw',
  'Stock',
  'Rate',
  'Retouch',
  'Feedback',
  'Revision',
  'Approved',
  'Final',
  'Closed',
] as const;

/** Tag types, in workflow order. */
export const ALBUM_TAG_TYPES = ['Raw', 'Stock', 'Rate', 'Retouch', 'Final'] as const;

export const ALBUM_TAG_STATUSES = ['Pending', 'Syncing', 'Ready', 'Failed'] as const;

export const ALBUM_TRIGGERS = [
  'SyncRawTag',
  'SyncStockTag',
  'Rate',
  'ConfirmRate',
  'FinishRetouch',
  'RequestRevision',
  'ConfirmFeedback',
  'Finish',
  'Close',
] as const;

/** Who may fire a transition (the doc's Anonymous role is the client's). */
export const EXECUTABLE_BY = ['Photographer', 'Client', 'Admin'] as const;

/** A workflow trigger; kept open to strings the backend may add later. */
export type AlbumTrigger = (typeof ALBUM_TRIGGERS)[number] | (string & {});

export const albumState = v.picklist(ALBUM_STATES);
export const albumTagType = v.picklist(ALBUM_TAG_TYPES);
export const albumTagStatus = v.picklist(ALBUM_TAG_STATUSES);
export const executableBy = v.picklist(EXECUTABLE_BY);

/** Any trigger name: the app shows the server's, and fires it back as it came. */
export const albumTrigger = v.pipe(
  v.string(),
  v.minLength(1),
  v.maxLength(100),
  v.transform((name): AlbumTrigger => name),
);

/** An id that may key the store (see {@link isStoreKey}); the hub's rule, for REST too. */
export const id = v.pipe(
  v.string(),
  v.minLength(1),
  v.maxLength(100),
  v.check(isStoreKey, 'names a built-in object property'),
);

/** A count of photos or items: a whole number, never negative. */
export const count = v.pipe(v.number(), v.integer(), v.minValue(0));

/** Text shown as is (names, file names); bounded so a broken answer cannot flood the page. */
export const text = (max: number) => v.pipe(v.string(), v.maxLength(max));

/** Long enough for any sentence; a huge one is a broken or hostile answer. */
export const message = text(2000);

/** An address the browser loads (thumbnails, covers): http(s), or a path on the app's origin. */
export const webUrl = v.pipe(
  v.string(),
  v.maxLength(2048),
  v.regex(/^(?:https?:\/\/[^\s/]|\/(?![/\\]))\S*$/i, 'not an http(s) URL or a path'),
);

/** A link the photographer follows out of the app (a Drive folder): absolute http(s) only. */
export const externalUrl = v.pipe(
  v.string(),
  v.maxLength(2048),
  v.regex(/^https?:\/\/[^\s/]\S*$/i, 'not an http(s) URL'),
);

/**
 * A server timestamp, read as an instant and rewritten in canonical UTC
 * (`2026-11-30T10:00:00.123Z`, see ./instant), so string order is time order everywhere.
 */
export const instant = v.pipe(
  v.string(),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const canonical = canonicalInstant(dataset.value);
    if (canonical !== null) return canonical;
    addIssue({
      message: `not an ISO 8601 date-time with Z or ±hh:mm (received ${JSON.stringify(dataset.value.slice(0, 64))})`,
    });
    return NEVER;
  }),
);

/** One page of a list: `page` counts from 1. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly totalCount: number;
}

type Issues = readonly v.BaseIssue<unknown>[];

/** Where an issue is, as `tags.2.status`. */
const pathOf = (issue: v.BaseIssue<unknown>): string =>
  issue.path?.map((item) => String(item.key)).join('.') ?? '';

/**
 * What was wrong, for the console: each issue's place and message. With `secret`, only
 * places and expectations: valibot's messages quote the value, and a token must never be
 * logged.
 */
export function describeIssues(issues: Issues, { secret = false } = {}): string {
  const shown = issues.slice(0, 5).map((issue) => {
    const path = pathOf(issue);
    const what = secret ? `expected ${issue.expected ?? issue.kind}` : issue.message;
    return path ? `${path}: ${what}` : what;
  });
  return issues.length > 5
    ? `${shown.join('; ')}; and ${issues.length - 5} more`
    : shown.join('; ');
}

/** Only unknown values of a picklist: a state or type this app does not know, nothing broken. */
const onlyUnknownNames = (issues: Issues): boolean =>
  issues.every((issue) => issue.type === 'picklist' && typeof issue.input === 'string');

/**
 * A list whose items name a state, type or role this app does not know (a backend newer
 * than the app) leaves those items out, and says so on the console, so the rest still
 * shows; any other fault in an item refuses the whole answer.
 */
export function listOf<TItem extends v.GenericSchema>(item: TItem, what: string) {
  return v.pipe(
    v.array(v.unknown()),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      const items: v.InferOutput<TItem>[] = [];
      let broken = false;
      dataset.value.forEach((value, key) => {
        const result = v.safeParse(item, value);
        if (result.success) {
          items.push(result.output);
        } else if (onlyUnknownNames(result.issues)) {
          console.warn(
            `[api] Left out one ${what} this app cannot show: ${describeIssues(result.issues)}`,
          );
        } else {
          broken = true;
          const at: v.ArrayPathItem = {
            type: 'array',
            origin: 'value',
            input: dataset.value,
            key,
            value,
          };
          for (const issue of result.issues) {
            addIssue({ message: issue.message, path: [at, ...(issue.path ?? [])] });
          }
        }
      });
      return broken ? NEVER : (items as readonly v.InferOutput<TItem>[]);
    }),
  );
}

/** `{items, totalCount}` of one page, items read as {@link listOf} does. */
export function pageOf<TItem extends v.GenericSchema>(item: TItem, what: string) {
  return v.pipe(
    v.object({ items: listOf(item, what), totalCount: count }),
    v.transform((page): Page<v.InferOutput<TItem>> => page),
  );
}
