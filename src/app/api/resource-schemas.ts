import * as v from 'valibot';
import {
  albumState,
  albumTagStatus,
  albumTagType,
  albumTrigger,
  count,
  executableBy,
  externalUrl,
  id,
  instant,
  listOf,
  message,
  pageOf,
  text,
  webUrl,
} from './schema-rules';

// REST answers (CONTRACT §2, §3, §5): what the API service lets through to the app.

const name = text(1000);

/** An album as the list shows it. */
export const albumSummarySchema = v.pipe(
  v.object({
    id,
    name,
    state: albumState,
    coverUrl: v.nullable(webUrl),
    photoCount: count,
    syncing: v.boolean(),
    modifiedAt: instant,
  }),
  v.readonly(),
);

/** The sync running on an album, as `GET /albums/{id}` reports it. */
export const albumSyncSnapshotSchema = v.pipe(
  v.object({
    albumTagId: id,
    processedCount: count,
    totalCount: count,
    startedAt: instant,
  }),
  v.check(
    (counts) => counts.processedCount <= counts.totalCount,
    'processedCount exceeds totalCount',
  ),
  v.readonly(),
);

export const albumTagSchema = v.pipe(
  v.object({
    id,
    albumId: id,
    type: albumTagType,
    status: albumTagStatus,
    /** Its Google Drive folder URL, or null when not linked yet. */
    link: v.nullable(externalUrl),
    folderId: v.nullable(v.pipe(v.string(), v.minLength(1), v.maxLength(200))),
    photoCount: count,
    /**
     * How many of its photos the client picked. The contract is silent on it (README,
     * contract notes): absent from a backend without it, and then no count is shown.
     */
    pickedCount: v.optional(count),
  }),
  v.readonly(),
);

export const albumTagListSchema = listOf(albumTagSchema, 'tag');

/**
 * An album in full, as the detail page shows it. A state this app does not know refuses
 * the album (its page cannot place it in the workflow); a tag of an unknown type or
 * status is left out of it.
 */
export const albumSchema = v.pipe(
  v.object({
    id,
    name,
    state: albumState,
    coverUrl: v.nullable(webUrl),
    photoCount: count,
    modifiedAt: instant,
    tags: albumTagListSchema,
    sync: v.nullable(albumSyncSnapshotSchema),
  }),
  v.readonly(),
);

export const transitionSchema = v.pipe(
  v.object({
    trigger: albumTrigger,
    targetState: albumState,
    executableBy,
    canExecute: v.boolean(),
    /** Why it cannot be fired now ("Waiting for the client", …). */
    reason: v.nullish(message),
  }),
  v.readonly(),
);

export const transitionListSchema = listOf(transitionSchema, 'transition');

const photoEntries = {
  id,
  albumTagId: id,
  fileName: text(1000),
  thumbnailUrl: webUrl,
  sortOrder: v.pipe(v.number(), v.integer()),
  /** The client's pick. */
  voted: v.boolean(),
  createdAt: instant,
};

export const photoSchema = v.pipe(v.object(photoEntries), v.readonly());

/** `GET /albums/{albumId}/photos/{photoId}` (doc): the photo as a page lists it, with its tag's type. */
export const photoDetailSchema = v.pipe(v.object({ ...photoEntries, albumTagType }), v.readonly());

export const albumSummaryPageSchema = pageOf(albumSummarySchema, 'album');
export const photoPageSchema = pageOf(photoSchema, 'photo');

/** Bounded: a JWT with its claims is a few hundred characters; a huge one is broken. */
const token = v.pipe(v.string(), v.minLength(1), v.maxLength(16_384));

export const authTokensSchema = v.pipe(
  v.object({
    accessToken: token,
    refreshToken: token,
    /** Seconds. */
    expiresIn: v.pipe(v.number(), v.integer(), v.minValue(1)),
  }),
  v.readonly(),
);

/** A field of a problem body: read when it has the right type, ignored when not. */
const problemField = <T extends v.GenericSchema>(schema: T) =>
  v.fallback(v.optional(schema), undefined);

/** A problem details body (CONTRACT §5): best effort, it only chooses a sentence. */
export const problemDetailsSchema = v.pipe(
  v.object({
    status: problemField(v.number()),
    title: problemField(text(2000)),
    detail: problemField(text(2000)),
    code: problemField(text(100)),
  }),
  v.readonly(),
);
