import { InjectionToken } from '@angular/core';
import { createStore, del, get, update, type UseStore } from 'idb-keyval';
import type { StoredSession } from './stored-session';

/** A refresh token spent by a tab, and the session it was rotated into. */
export interface Rotation {
  readonly spent: string;
  readonly session: StoredSession;
}

/**
 * The last rotation of the refresh token, as the next holder of the refresh lock sees it.
 *
 * The session itself lives in localStorage, but Chromium carries a write to the other tabs
 * asynchronously, over a different channel than the one that hands them the lock: under
 * load, a tab can get the lock while its localStorage still shows the token the previous
 * holder just spent, and spending it again revokes the whole session (reuse detection).
 * IndexedDB's transactions are ordered across tabs: a rotation recorded before the lock is
 * released is what the next holder reads.
 */
export interface RefreshHandoff {
  /** The newest session `refreshToken` was rotated into, through any tab's rotations since. */
  successor(refreshToken: string): Promise<StoredSession | null>;
  record(rotation: Rotation): Promise<void>;
  clear(): Promise<void>;
}

export const REFRESH_HANDOFF = new InjectionToken<RefreshHandoff>('RefreshHandoff', {
  providedIn: 'root',
  factory: () => (typeof indexedDB === 'undefined' ? noHandoff : indexedDbHandoff()),
});

const KEY = 'rotations';
/** Enough for the tabs of one browser to catch up: a tab lags a rotation or two at most. */
const KEPT = 8;

function indexedDbHandoff(): RefreshHandoff {
  let store: UseStore | null = null;
  // Opened on first use: an app that never refreshes never creates the database.
  const opened = () => (store ??= createStore('photoflow', 'refresh-handoff'));
  // A browser that refuses IndexedDB (a private mode, a full disk) leaves localStorage as
  // the only source, as before: never a reason to fail a refresh.
  return {
    successor: (refreshToken) =>
      get<unknown>(KEY, opened()).then(
        (value) => successorIn(asRotations(value), refreshToken),
        () => null,
      ),
    record: (rotation) =>
      update<unknown>(
        KEY,
        (value) => [...asRotations(value), rotation].slice(-KEPT),
        opened(),
      ).catch(() => undefined),
    clear: () => del(KEY, opened()).catch(() => undefined),
  };
}

const noHandoff: RefreshHandoff = {
  successor: () => Promise.resolve(null),
  record: () => Promise.resolve(),
  clear: () => Promise.resolve(),
};

/** Follows the rotations from `refreshToken` to the newest session; null if it was never spent. */
export function successorIn(
  rotations: readonly Rotation[],
  refreshToken: string,
): StoredSession | null {
  let successor: StoredSession | null = null;
  let token = refreshToken;
  for (const rotation of rotations) {
    if (rotation.spent !== token) continue;
    successor = rotation.session;
    token = rotation.session.refreshToken;
  }
  return successor;
}

function asRotations(value: unknown): Rotation[] {
  return Array.isArray(value)
    ? value.map(asRotation).filter((rotation): rotation is Rotation => rotation !== null)
    : [];
}

/** What was read back is storage, written by any version of the app: checked, not trusted. */
function asRotation(value: unknown): Rotation | null {
  if (typeof value !== 'object' || value === null) return null;
  const { spent, session } = value as Partial<Record<keyof Rotation, unknown>>;
  if (typeof spent !== 'string' || typeof session !== 'object' || session === null) return null;
  const { accessToken, refreshToken, expiresAt } = session as Partial<StoredSession>;
  return typeof accessToken === 'string' &&
    typeof refreshToken === 'string' &&
    typeof expiresAt === 'number'
    ? { spent, session: session as StoredSession }
    : null;
}
