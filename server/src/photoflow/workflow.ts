import type { Actor, AlbumState, TagStatus, TagType } from './model.ts';

/** The state machine of CONTRACT §3, as data. */
export const triggers = [
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
export type Trigger = (typeof triggers)[number];

export type ExecutableBy = 'Photographer' | 'Client' | 'Admin';

/** What a guard sees of the album: its tags by type. */
export interface GuardContext {
  readonly tags: Partial<
    Record<TagType, { readonly status: TagStatus; readonly link: string | null }>
  >;
}

export interface TransitionRule {
  readonly trigger: Trigger;
  readonly from: readonly AlbumState[];
  readonly to: AlbumState;
  readonly executableBy: ExecutableBy;
  /** A tag created when the trigger fires (before its sync, if any). */
  readonly createsTag?: TagType;
  /** The tag whose sync the trigger runs; the state changes when it completes. */
  readonly syncsTag?: TagType;
  /** A tag created once the sync completes (ConfirmRate's Retouch tag). */
  readonly createsTagAfterSync?: TagType;
  /** Returns why the trigger cannot fire now, or null. */
  readonly guard?: (context: GuardContext) => string | null;
}

export const transitionRules: readonly TransitionRule[] = [
  {
    trigger: 'SyncRawTag',
    from: ['Init'],
    to: 'Raw',
    executableBy: 'Photographer',
    syncsTag: 'Raw',
    guard: ({ tags }) => (tags.Raw?.link ? null : 'The Raw tag has no Drive folder'),
  },
  {
    trigger: 'SyncStockTag',
    from: ['Raw'],
    to: 'Stock',
    executableBy: 'Photographer',
    createsTag: 'Stock',
    syncsTag: 'Stock',
    guard: ({ tags }) => (tags.Raw?.status === 'Ready' ? null : 'The Raw tag is not Ready'),
  },
  { trigger: 'Rate', from: ['Stock'], to: 'Rate', executableBy: 'Client', createsTag: 'Rate' },
  {
    trigger: 'ConfirmRate',
    from: ['Rate'],
    to: 'Retouch',
    executableBy: 'Photographer',
    syncsTag: 'Rate',
    createsTagAfterSync: 'Retouch',
  },
  {
    trigger: 'FinishRetouch',
    from: ['Retouch', 'Revision'],
    to: 'Feedback',
    executableBy: 'Photographer',
    syncsTag: 'Retouch',
    guard: ({ tags }) => (tags.Retouch?.link ? null : 'The Retouch tag has no Drive folder'),
  },
  { trigger: 'RequestRevision', from: ['Feedback'], to: 'Revision', executableBy: 'Client' },
  { trigger: 'ConfirmFeedback', from: ['Feedback'], to: 'Approved', executableBy: 'Client' },
  {
    trigger: 'Finish',
    from: ['Approved'],
    to: 'Final',
    executableBy: 'Photographer',
    createsTag: 'Final',
    syncsTag: 'Final',
  },
  { trigger: 'Close', from: ['Final'], to: 'Closed', executableBy: 'Admin' },
];

export function ruleFor(trigger: Trigger): TransitionRule {
  const rule = transitionRules.find((candidate) => candidate.trigger === trigger);
  if (!rule) throw new Error(`No rule for ${trigger}`);
  return rule;
}

/** Policies of CONTRACT §2: Photographer = photographer, org_admin; Admin = org_admin. */
export function mayFire(actor: Actor, executableBy: ExecutableBy): boolean {
  if (actor.kind === 'client') return executableBy === 'Client';
  switch (executableBy) {
    case 'Photographer':
      return actor.principal.role === 'photographer' || actor.principal.role === 'org_admin';
    case 'Admin':
      return actor.principal.role === 'org_admin';
    case 'Client':
      return false;
  }
}

export function refusalForRole(executableBy: ExecutableBy): string {
  switch (executableBy) {
    case 'Client':
      return 'Waiting for the client';
    case 'Admin':
      return 'Only an organization admin can do this';
    case 'Photographer':
      return 'Only the studio can do this';
  }
}

export const syncRunningReason = 'A sync of this album is running';

export interface TransitionView {
  readonly trigger: Trigger;
  readonly targetState: AlbumState;
  readonly executableBy: ExecutableBy;
  readonly canExecute: boolean;
  readonly reason?: string;
}

/** The transitions out of `state`, whether `actor` may fire each now, and why not. */
export function transitionsFrom(
  state: AlbumState,
  actor: Actor,
  context: GuardContext,
  syncing: boolean,
): TransitionView[] {
  return transitionRules
    .filter((rule) => rule.from.includes(state))
    .map((rule) => {
      const reason = !mayFire(actor, rule.executableBy)
        ? refusalForRole(rule.executableBy)
        : syncing
          ? syncRunningReason
          : (rule.guard?.(context) ?? null);
      const view = {
        trigger: rule.trigger,
        targetState: rule.to,
        executableBy: rule.executableBy,
        canExecute: reason === null,
      };
      return reason === null ? view : { ...view, reason };
    });
}
