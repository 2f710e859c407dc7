import { signal } from '@angular/core';

/** The part of `navigator.locks` (Web Locks) the tabs use; tests pass a fake that behaves alike. */
export interface LockManagerLike {
  request<T>(
    name: string,
    options: { signal?: AbortSignal; steal?: boolean; ifAvailable?: boolean },
    callback: (lock: { name: string } | null) => Promise<T> | T,
  ): Promise<T>;
  /** The locks held and wanted now, as the browser's lock manager sees them. */
  query(): Promise<{ held?: readonly { name?: string; clientId?: string }[] }>;
}

export const LEADER_LOCK = 'photoflow.hub.leader';
/** Each tab holds a lock named after itself for its whole life: the browser frees it when the tab goes. */
export const tabLockName = (tabId: string) => `photoflow.hub.tab.${tabId}`;

const isAbort = (error: unknown) =>
  typeof error === 'object' &&
  error !== null &&
  (error as { name?: unknown }).name === 'AbortError';

/**
 * Which tab of the browser holds the hub connection, elected with Web Locks: the leader
 * is the tab holding {@link LEADER_LOCK}; the others wait in the lock's queue, so the
 * browser hands it on, in order, the moment the leader's tab closes or crashes. A tab
 * takes it only while it campaigns (signed in, not frozen).
 */
export class TabLeadership {
  private readonly leader = signal(false);
  /** True while this tab holds the connection for the browser. */
  readonly isLeader = this.leader.asReadonly();

  private campaign: AbortController | null = null;
  private release: (() => void) | null = null;
  private releaseTabLock: (() => void) | null = null;

  constructor(
    private readonly locks: LockManagerLike,
    readonly tabId: string,
  ) {}

  /**
   * Holds this tab's own lock until {@link close}: other tabs learn of its end through it.
   * `held` runs once the lock is ours: until then another tab watching for our end would
   * be granted it at once and take us for gone.
   */
  holdTabLock(held: () => void): void {
    if (this.releaseTabLock) return;
    let release!: () => void;
    const until = new Promise<void>((resolve) => (release = resolve));
    this.releaseTabLock = release;
    void this.locks
      .request(tabLockName(this.tabId), {}, () => {
        if (this.releaseTabLock === release) held(); // not closed while it waited
        return until;
      })
      .catch(() => undefined);
  }

  /**
   * Waits in line for leadership (`steal`: takes it from a leader that does not answer).
   * `elected` runs once the lock is ours; `deposed` if it is taken from us (stolen).
   */
  stand(elected: () => void, deposed: () => void, steal = false): void {
    if (this.campaign && !steal) return;
    this.campaign?.abort();
    const campaign = new AbortController();
    this.campaign = campaign;
    this.locks
      .request(LEADER_LOCK, steal ? { steal: true } : { signal: campaign.signal }, () => {
        if (campaign.signal.aborted) return undefined; // granted as we withdrew: hand it on
        this.leader.set(true);
        elected();
        return new Promise<void>((resolve) => (this.release = resolve));
      })
      .then(
        () => {
          if (this.campaign === campaign) this.campaign = null;
        },
        (error: unknown) => {
          const wasLeader = this.campaign === campaign && this.leader();
          if (this.campaign === campaign) {
            this.campaign = null;
            this.leader.set(false);
            this.release = null;
          }
          // Our lock was stolen (a tab found us unresponsive): hand the connection over.
          if (wasLeader && isAbort(error)) deposed();
        },
      );
  }

  /**
   * Whether this tab holds the leader lock now, as the lock manager says: it knows of a
   * steal before the AbortError reaches us. The holder is told by its client, this tab's
   * being the holder of its own lock; null while that lock is not granted, or if the lock
   * manager fails to answer (cannot tell).
   */
  async holdsLead(): Promise<boolean | null> {
    const { held = [] } = await this.locks.query().catch(() => ({ held: undefined }));
    const own = held.find((lock) => lock.name === tabLockName(this.tabId))?.clientId;
    if (own === undefined) return null;
    return held.some((lock) => lock.name === LEADER_LOCK && lock.clientId === own);
  }

  /** Leaves the line, and the lock if held: the next tab in line takes it. */
  withdraw(): void {
    const campaign = this.campaign;
    this.campaign = null;
    this.leader.set(false);
    const release = this.release;
    this.release = null;
    campaign?.abort();
    release?.();
  }

  /** Calls `gone` once the tab `tabId` has closed or crashed (its own lock is free), unless aborted. */
  watchTab(tabId: string, gone: () => void, abort: AbortSignal): void {
    this.locks
      .request(tabLockName(tabId), { signal: abort }, () => {
        if (!abort.aborted) gone();
      })
      .catch(() => undefined);
  }

  /** The tab goes: leaves the line and frees its own lock. */
  close(): void {
    this.withdraw();
    this.releaseTabLock?.();
    this.releaseTabLock = null;
  }
}
