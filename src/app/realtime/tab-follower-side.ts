import { sameLead, type Lead, type LeadVerdict } from './tab-lead-term';
import { checkRelayedEvents, type TabMessage, type UnsignedTabMessage } from './tab-messages';
import type { SharedHubHost } from './tab-sharing-ports';

/** What the follower's side needs of the tab it runs in. */
export interface FollowerSeat {
  readonly tabId: string;
  readonly host: SharedHubHost;
  /** The albums this tab shows. */
  ownWants(): readonly string[];
  /** Tells the leader every album this tab shows; `fresh`: this tab forgot its joins. */
  postWants(fresh: boolean): void;
  /** Posts with the highest term this tab heard, or `term`. */
  post(message: UnsignedTabMessage, term?: number): void;
  highestTerm(): number;
  /** The leader showed a sign of life: the check on it is answered. */
  answered(): void;
}

/**
 * The follower's side of the tab protocol: which lead this tab follows, and what it does
 * with what leaders say. Only the latest lead it heard of is believed (see `LeadTerms`):
 * a newer one is a new leader, followed at once; an earlier one is a former leader's,
 * said before it lost the lead and heard late (the browser orders no two tabs' messages),
 * and dropped, whatever it says.
 */
export class FollowerSide {
  /** `gone`: the leader said goodbye, so this tab's joins are forgotten until one is named again. */
  private followed: { readonly kind: 'none' | 'gone' } | { readonly kind: 'lead'; lead: Lead } = {
    kind: 'none',
  };

  constructor(private readonly seat: FollowerSeat) {}

  /** This tab follows no one: it leads, or it stopped. */
  reset(): void {
    this.followed = { kind: 'none' };
  }

  /** A message of another tab that is not a leader's (see `leadOf`): only our leader's goodbye matters. */
  fromTab(message: TabMessage): void {
    if (message.kind === 'bye' && this.follows(message)) this.leaderGone();
  }

  /** What a leader said, under `lead`, judged against the latest lead this tab heard of. */
  fromLeader(message: TabMessage, lead: Lead, verdict: LeadVerdict): void {
    if (verdict === 'stale') {
      // Dropped. A claim, though, may be a new leader's that took too low a term (it heard
      // neither its predecessor nor a tab that knew its term); our ping tells it the term
      // to exceed (see `TabSharing.keepLead`): above ours if the claim ties it.
      if (message.kind === 'leader') {
        const known = this.seat.highestTerm();
        const term = message.term === known ? known + 1 : known;
        this.seat.post({ kind: 'ping', tabId: this.seat.tabId }, term);
      }
      return;
    }
    // A newer lead is a new leader (it says `leader` first, unless we were not listening).
    if (!this.follows(message)) this.adopt(lead);
    const { host } = this.seat;
    switch (message.kind) {
      case 'pong':
        this.seat.answered();
        break;
      case 'state':
        host.followState(message.state);
        break;
      case 'events':
        host.deliver(
          checkRelayedEvents(message.events, (detail, name) => host.dropped(detail, name)),
        );
        break;
      case 'joined': {
        const albumIds = message.albums[this.seat.tabId] ?? [];
        if (albumIds.length > 0 || message.reconnect)
          host.joined({ albumIds, reconnect: message.reconnect });
        break;
      }
      case 'refused':
        if (this.seat.ownWants().includes(message.albumId))
          host.refused({ albumId: message.albumId, reason: message.reason });
        break;
      default:
        break;
    }
  }

  /** Whether `message` comes from the lead this tab follows. */
  private follows(message: TabMessage): boolean {
    return (
      this.followed.kind === 'lead' &&
      sameLead(this.followed.lead, { term: message.term, tabId: message.tabId })
    );
  }

  /**
   * The leader we follow is going: the next in line takes over (its `leader`, under a later
   * lead, comes once the browser hands it the lock); every tab re-fetches then. A former
   * leader's goodbye heard after its successor's word is under an earlier lead: dropped.
   */
  private leaderGone(): void {
    this.followed = { kind: 'gone' };
    this.seat.answered();
    this.seat.host.followState({
      status: 'Reconnecting',
      lastError: 'The tab holding the connection closed',
      nextRetryAt: null,
    });
  }

  /**
   * A new lead: its leader hears what this tab wants (it may never have heard from us).
   * After a goodbye, `fresh`: this tab forgot its joins, but the leader may be the same one
   * back from the back/forward cache, still holding our wants unchanged (it would see
   * nothing new in them), so it names again every album of ours already joined. Any other
   * leader either holds no wants of ours (a new lead starts empty: all of ours is new to
   * it) or announced each join under this lead, which reaches us after its claim (one
   * sender's messages keep their order) and is not dropped; a leader that had to raise its
   * term names every join again itself (see `TabSharing.keepLead`).
   */
  private adopt(lead: Lead): void {
    const fresh = this.followed.kind === 'gone';
    this.followed = { kind: 'lead', lead };
    this.seat.answered();
    this.seat.postWants(fresh);
  }
}
