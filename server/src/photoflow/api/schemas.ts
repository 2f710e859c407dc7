import * as v from 'valibot';
import { triggers } from '../workflow.ts';

const text = (what: string, max: number) =>
  v.pipe(
    v.string(`${what} must be a string`),
    v.trim(),
    v.minLength(1, `${what} is required`),
    v.maxLength(max, `${what} is at most ${max} characters`),
  );

export const loginBody = v.variant(
  'provider',
  [
    v.object({
      provider: v.literal('Google'),
      code: text('code', 1000),
      redirectUri: text('redirectUri', 2000),
    }),
    v.object({
      provider: v.literal('Dev'),
      email: text('email', 320),
      password: v.pipe(v.string('password must be a string'), v.maxLength(1000)),
    }),
  ],
  'provider must be "Google" or "Dev"',
);

export const refreshBody = v.object({ refreshToken: text('refreshToken', 1000) });

export const createAlbumBody = v.object({
  name: text('name', 200),
  rawFolderUrl: text('rawFolderUrl', 2000),
});

export const renameAlbumBody = v.object({ name: text('name', 200) });

/** Dev-tool knobs of a sync (CONTRACT §6). */
const syncKnobs = {
  photosPerSecond: v.optional(
    v.pipe(v.number('photosPerSecond must be a number'), v.minValue(0.1), v.maxValue(1_000_000)),
  ),
  failAtPhoto: v.optional(
    v.pipe(v.number('failAtPhoto must be a number'), v.integer(), v.minValue(0)),
  ),
};

const trigger = v.pipe(
  v.string('trigger must be a string'),
  v.picklist(
    triggers,
    // An excerpt of what came: a detail never echoes a large input whole.
    (issue) =>
      `Unknown trigger ${issue.received.length > 60 ? `${issue.received.slice(0, 60)}…"` : issue.received}. Triggers: ${triggers.join(', ')}.`,
  ),
);

export const fireTriggerBody = v.object({
  trigger,
  ...syncKnobs,
});

export const folderSyncBody = v.object(syncKnobs);

export const tagUrlBody = v.object({ url: text('url', 2000) });

export const voteBody = v.object({ voted: v.boolean('voted must be true or false') });

export const clientTriggerBody = v.object({
  trigger,
  votes: v.optional(v.array(v.pipe(v.string(), v.uuid('votes must be photo ids')))),
});

export const emitBody = v.object({
  albumId: text('albumId', 200),
  target: text('target', 200),
  arguments: v.array(v.unknown(), 'arguments must be an array'),
});

export const floodBody = v.object({
  albumId: v.pipe(v.string(), v.uuid('albumId must be a UUID')),
  tags: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1000)),
  eventsPerSecond: v.pipe(v.number(), v.minValue(1), v.maxValue(1_000_000)),
  durationMs: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(600_000)),
  path: v.optional(
    v.picklist(['direct', 'published'], 'path must be direct or published'),
    'direct',
  ),
  target: v.optional(
    v.picklist(
      ['PhotoSyncProgress', 'PhotoSyncCompleted'],
      'target must be PhotoSyncProgress or PhotoSyncCompleted',
    ),
    'PhotoSyncProgress',
  ),
});
