import * as v from 'valibot';
import type { HubEventMap, HubEventName } from '../api/models';
import type { ConnectionState } from './connection-status';
import { checkHubEvent } from './hub-events';

// What the tabs of one browser tell each other over the BroadcastChannel. Another tab is
// another program (another version of the app after a deploy, or a broken one): every
// message is checked on receipt like a hub payload, and hub events in it are validated
// again with the hub's own schemas. Nothing unchecked reaches the service.

const tabId = v.pipe(v.string(), v.minLength(1), v.maxLength(100));
/**
 * The lead term (see `tab-lead-term.ts`): a leader's message carries its lead's, any other
 * the highest its tab has heard. Safe integers only: a tab takes one above it. A tab of an
 * app version before lead terms (open across a deploy) sends none: its messages count as
 * term 0, below every lead a tab of this version takes, so such a leader is followed until
 * a later lead is heard, instead of being dropped and replaced like a hung one.
 */
const term = v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(0)), 0);
const albumId = v.pipe(v.string(), v.minLength(1), v.maxLength(100));
const albumIds = v.pipe(v.array(albumId), v.maxLength(10_000));

const connectionState = v.object({
  status: v.picklist(['Disconnected', 'Connecting', 'Connected', 'Reconnecting']),
  lastError: v.nullable(v.pipe(v.string(), v.maxLength(2_000))),
  nextRetryAt: v.nullable(v.number()),
});

const tabMessageSchema = v.variant('kind', [
  // From any tab to the leader
  /**
   * Every album this tab shows now (the whole set: a lost message is healed by the next one).
   * `fresh`: the tab forgot its joins (its leader said goodbye) and takes a leader that may
   * still hold this set; the leader names every album of the set already joined, changed or not.
   */
  v.object({ kind: v.literal('wants'), tabId, term, albumIds, fresh: v.optional(v.boolean()) }),
  /** This tab goes (pagehide, sign-out, stop): its wants are dropped; from the leader, it steps down. */
  v.object({ kind: v.literal('bye'), tabId, term }),
  v.object({ kind: v.literal('reconnect-now'), tabId, term }),
  /** The session ended in this tab: the leader checks the shared session and stops. */
  v.object({ kind: v.literal('signed-out'), tabId, term }),
  v.object({ kind: v.literal('ping'), tabId, term }),
  // From the leader
  v.object({ kind: v.literal('leader'), tabId, term }),
  v.object({ kind: v.literal('pong'), tabId, term }),
  v.object({ kind: v.literal('state'), tabId, term, state: connectionState }),
  v.object({
    kind: v.literal('events'),
    tabId,
    term,
    events: v.pipe(
      v.array(v.object({ name: v.pipe(v.string(), v.maxLength(100)), payload: v.unknown() })),
      v.maxLength(100_000),
    ),
  }),
  /** A round of joins: per tab, the albums it wants that were joined; `reconnect` for every tab. */
  v.object({
    kind: v.literal('joined'),
    tabId,
    term,
    reconnect: v.boolean(),
    albums: v.record(tabId, albumIds),
  }),
  v.object({
    kind: v.literal('refused'),
    tabId,
    term,
    albumId,
    reason: v.pipe(v.string(), v.maxLength(2_000)),
  }),
]);

export type TabMessage = v.InferOutput<typeof tabMessageSchema>;
/** A message as its sender writes it: the term is added as it is posted (see `TabSharing`). */
export type UnsignedTabMessage = TabMessage extends infer M
  ? M extends TabMessage
    ? Omit<M, 'term'>
    : never
  : never;
export interface RelayedEvent {
  readonly name: HubEventName;
  readonly payload: HubEventMap[HubEventName];
}

export type TabMessageCheck =
  | { readonly ok: true; readonly message: TabMessage }
  | { readonly ok: false; readonly detail: string };

/** Checks a message from another tab. */
export function checkTabMessage(data: unknown): TabMessageCheck {
  const result = v.safeParse(tabMessageSchema, data);
  if (result.success) return { ok: true, message: result.output };
  return { ok: false, detail: result.issues[0].message };
}

/** The hub events of a relayed batch that pass the hub's own validation; the rest are counted. */
export function checkRelayedEvents(
  events: readonly { readonly name: string; readonly payload: unknown }[],
  onDrop: (detail: string, name: string) => void,
): RelayedEvent[] {
  const valid: RelayedEvent[] = [];
  for (const event of events) {
    const check = checkHubEvent(event.name, [event.payload]);
    if (check.ok) valid.push({ name: check.name, payload: check.payload });
    else onDrop(check.detail, event.name);
  }
  return valid;
}

export type { ConnectionState };
