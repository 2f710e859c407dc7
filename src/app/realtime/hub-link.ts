import type { Observable } from 'rxjs';
import type { HubEventMap, HubEventName } from '../api/models';
import type { ConnectionState } from './connection-status';
import type { AlbumGroupsJoined, JoinRefusal } from './group-membership';

/** One validated hub event: the name says which payload it carries. */
export type HubEvent = {
  [K in HubEventName]: { readonly name: K; readonly payload: HubEventMap[K] };
}[HubEventName];

/** What a round of joins ends in, for the albums of this tab. */
export type JoinRound =
  ({ readonly kind: 'joined' } & AlbumGroupsJoined) | ({ readonly kind: 'refused' } & JoinRefusal);

/**
 * The one interface between the app and "the hub", whoever holds the connection: this tab
 * ({@link OwnedHubLink}, `owned-hub-link.ts`) or another tab of the browser, followed over
 * the BroadcastChannel (`tab-link.ts`). `SignalRService` is a facade over one of them.
 */
export interface HubLink {
  /** How the connection stands, as this tab should show it. */
  readonly state$: Observable<ConnectionState>;
  /**
   * Validated events of the albums this link follows (a leader's link may follow more
   * albums than its tab shows: the facade keeps this tab's).
   */
  readonly events$: Observable<HubEvent>;
  /** Join rounds of this tab's albums: joined (first joins and reconnects), refused. */
  readonly rounds$: Observable<JoinRound>;
  /** Connects (or follows the tab that does), and keeps at it until {@link stop}. */
  start(): void;
  /** Deliberate (sign-out, another person): no reconnect follows. */
  stop(): Promise<void>;
  /** Skips any wait before the next attempt. */
  reconnectNow(): void;
  /** The whole set of albums this tab shows: their groups are joined, the others left. */
  follow(albumIds: ReadonlySet<string>): void;
  /** Albums of this tab whose group is joined now: events sent to them from now on are ours. */
  joinedAlbumIds(): readonly string[];
  /** `pagehide`: the page may go into the back/forward cache; close everything, keep the set. */
  hibernate(): void;
  /** `pageshow` from the cache: connect again, announced as a reconnect. */
  wake(): void;
  /** The browser is back online or the tab visible: recover now if down. */
  nudge(): void;
}
