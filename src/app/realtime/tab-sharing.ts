import type { Signal } from '@angular/core';
import { FollowerSide } from './tab-follower-side';
import { LeadTerms, leadOf, type Lead, type LeadVerdict } from './tab-lead-term';
import { TabLeadership } from './tab-leadership';
import { checkTabMessage, type TabMessage, type UnsignedTabMessage } from './tab-messages';
import {
  HUB_CHANNEL,
  LEADER_ANSWER_MS,
  LEADER_CHECK_MS,
  type ChannelLike,
  type SharedHubHost,
  type TabSharingPorts,
} from './tab-sharing-ports';
import { LeaderSide } from './tab-leader-side';

export {
  LEADER_ANSWER_MS,
  LEADER_CHECK_MS,
  TAB_SHARING,
  type SharedHubHost,
  type TabSharingPorts,
} from './tab-sharing-ports';

/**
 * One hub connection for every tab of the browser (per profile and origin). The leader
 * (see {@link TabLeadership}) runs the service's connection with the union of every
 * tab's wanted albums (each tab's whole set, as it last said it), and relays over a BroadcastChannel what
 * each follower needs: hub events, connection state, join rounds and refusals. A tab's
 * wants are dropped when it says goodbye or when its own lock frees (it crashed). Every
 * message carries a lead term ({@link LeadTerms}): a follower believes the latest lead it
 * has heard of, and drops what a former leader said.
 */
export class TabSharing {
  private readonly leadership: TabLeadership;
  private channel: ChannelLike | null = null;
  /** Signed in and listening, or not; `frozen`: listening, but standing for nothing. */
  private mode: 'stopped' | 'running' | 'frozen' = 'stopped';
  /** This tab's lead while it leads: what it says goes under its term. */
  private lead: Lead | null = null;
  /** The lead terms heard, for the tab's life. */
  private readonly terms = new LeadTerms();
  /** Leading, it asks the lock manager whether it still holds the lock (see `keepLead`). */
  private checkingLead = false;
  private ownWants: readonly string[] = [];
  /**
   * Whether this tab holds its own lock yet. Until it does, it says nothing of what it
   * wants: the leader watches that lock for the tab's end, and a watch asked for before the
   * tab's own request reached the browser's lock manager would be granted at once (the
   * browser does not order a tab's lock requests against its messages), the tab taken for
   * gone and its albums left. What it would have said waits here (`fresh` kept).
   */
  private tabLock: { readonly held: true } | { readonly held: false; wants: WantsNote | null } = {
    held: false,
    wants: null,
  };
  /** Leader only: what the other tabs want, and what they hear of the connection. */
  readonly leaderSide: LeaderSide;
  /** Follower only: which lead it follows, and what it does with what leaders say. */
  private readonly followerSide: FollowerSide;
  private checkTimer: ReturnType<typeof setInterval> | null = null;
  private answerTimer: ReturnType<typeof setTimeout> | null = null;

  /** True while this tab holds the browser's hub connection (for other features: once-per-browser work). */
  readonly isLeader: Signal<boolean>;

  constructor(
    private readonly ports: TabSharingPorts,
    private readonly host: SharedHubHost,
  ) {
    this.leadership = new TabLeadership(ports.locks, ports.tabId);
    this.isLeader = this.leadership.isLeader;
    this.leaderSide = new LeaderSide({
      tabId: ports.tabId,
      leadership: this.leadership,
      host,
      ownWants: () => this.ownWants,
      isLeader: () => this.isLeader(),
      post: (message) => this.post(message),
    });
    this.followerSide = new FollowerSide({
      tabId: ports.tabId,
      host,
      ownWants: () => this.ownWants,
      postWants: (fresh) => this.postWants(fresh),
      post: (message, term) => this.post(message, term),
      highestTerm: () => this.terms.highestTerm,
      answered: () => this.clearAnswerTimer(),
    });
  }

  get tabId(): string {
    return this.ports.tabId;
  }

  /** Signed in: hold this tab's lock, listen, tell the leader what we want, and stand for leader. */
  start(): void {
    if (this.mode !== 'stopped') return;
    this.mode = 'running';
    this.tabLock = { held: false, wants: null };
    this.leadership.holdTabLock(() => this.tabLockHeld());
    this.channel = this.ports.openChannel(HUB_CHANNEL, (data) => this.receive(data));
    for (const type of ['pagehide', 'pageshow', 'freeze', 'resume', 'visibilitychange'])
      this.ports.page.addEventListener(type, this.onLifecycle);
    this.checkTimer = setInterval(() => this.checkLeader(), LEADER_CHECK_MS);
    this.postWants();
    this.stand();
  }

  /** Signed out (or destroyed): say goodbye, give up leadership and this tab's lock. */
  stop(signedOut: boolean): void {
    if (this.mode === 'stopped') return;
    if (signedOut && !this.isLeader()) this.post({ kind: 'signed-out', tabId: this.tabId });
    this.post({ kind: 'bye', tabId: this.tabId });
    this.stepDown(false);
    this.leadership.close();
    this.mode = 'stopped';
    this.followerSide.reset();
    for (const type of ['pagehide', 'pageshow', 'freeze', 'resume', 'visibilitychange'])
      this.ports.page.removeEventListener(type, this.onLifecycle);
    if (this.checkTimer !== null) clearInterval(this.checkTimer);
    this.checkTimer = null;
    this.clearAnswerTimer();
    this.channel?.close();
    this.channel = null;
  }

  /** This tab's wanted albums changed (the union's share of this tab). */
  setOwnWants(albumIds: readonly string[]): void {
    const before = new Set(this.ownWants);
    this.ownWants = [...albumIds];
    if (this.isLeader()) {
      this.leaderSide.apply(this.tabId, before, new Set(albumIds));
    } else if (this.mode !== 'stopped') {
      this.postWants();
    }
  }

  /** "Reconnect now" in a follower goes to the leader. */
  requestReconnect(): void {
    this.post({ kind: 'reconnect-now', tabId: this.tabId });
  }

  // Internals

  private stand(steal = false): void {
    if (this.mode !== 'running') return;
    this.leadership.stand(
      () => this.elected(),
      () => this.deposed(),
      steal,
    );
  }

  private elected(): void {
    this.lead = this.terms.take(this.tabId);
    this.followerSide.reset();
    this.clearAnswerTimer();
    this.leaderSide.apply(this.tabId, new Set(), new Set(this.ownWants));
    this.post({ kind: 'leader', tabId: this.tabId });
    this.host.lead();
  }

  /** Leaves the lead (if held): followers are told, the connection closes; `again`: back in line. */
  private stepDown(again: boolean): void {
    const wasLeader = this.isLeader() || this.lead !== null;
    if (wasLeader) {
      this.leaderSide.clear();
      this.post({ kind: 'bye', tabId: this.tabId });
      this.lead = null;
      this.leadership.withdraw();
      this.host.resign();
    }
    if (again) this.stand();
  }

  /** Our lock was stolen: step down, and tell whoever leads now what this tab shows (it answers who it is). */
  private deposed(): void {
    this.stepDown(true);
    this.postWants();
  }

  private readonly onLifecycle = (event: Event): void => {
    switch (event.type) {
      case 'pagehide':
        // Gone, or into the back/forward cache: the wants go now; the lock follows with the page.
        this.post({ kind: 'bye', tabId: this.tabId });
        break;
      case 'pageshow':
        // Back from the back/forward cache: undo the goodbye.
        if (!(event as PageTransitionEvent).persisted) break;
        if (this.isLeader()) this.post({ kind: 'leader', tabId: this.tabId });
        else this.postWants();
        break;
      case 'freeze':
        // A frozen tab runs nothing: it must neither hold the connection nor be handed it.
        this.mode = 'frozen';
        this.stepDown(false);
        this.leadership.withdraw();
        break;
      case 'resume':
        this.mode = 'running';
        this.postWants();
        this.stand();
        break;
      case 'visibilitychange':
        if (this.ports.page.isVisible()) this.checkLeader();
        break;
    }
  };

  /**
   * A visible follower asks the leader for a sign of life; one that does not answer in
   * time (hung, or frozen without a `freeze` event) has its lock stolen. Messages are not
   * timers: a hidden leader whose timers the browser throttles still answers at once.
   */
  private checkLeader(): void {
    if (this.mode !== 'running' || this.isLeader() || this.answerTimer !== null) return;
    if (!this.ports.page.isVisible()) return;
    this.post({ kind: 'ping', tabId: this.tabId });
    this.answerTimer = setTimeout(() => {
      this.answerTimer = null;
      if (this.mode === 'running' && !this.isLeader()) this.stand(true);
    }, LEADER_ANSWER_MS);
  }

  private clearAnswerTimer(): void {
    if (this.answerTimer !== null) clearTimeout(this.answerTimer);
    this.answerTimer = null;
  }

  private receive(data: unknown): void {
    if (this.mode === 'stopped') return;
    const check = checkTabMessage(data);
    if (!check.ok) {
      this.host.dropped(`tab message: ${check.detail}`, null);
      return;
    }
    const message = check.message;
    if (message.tabId === this.tabId) return;
    this.terms.heard(message.term);
    const lead = leadOf(message);
    const verdict = lead && this.terms.judge(lead);
    if (this.isLeader()) {
      this.keepLead(message, verdict);
      this.leaderSide.receive(message);
    } else if (lead && verdict) {
      this.followerSide.fromLeader(message, lead, verdict);
    } else {
      this.followerSide.fromTab(message);
    }
  }

  /**
   * Leading, this tab heard of a later lead: a tab claiming one, or any tab a higher term.
   * Either this tab's lock was stolen (its AbortError has not reached it: the browser does
   * not order the two), or this tab took too low a term (it had not heard its predecessor's
   * when the browser handed it the lock) and the followers that heard the predecessor drop
   * what it says. No message tells the two apart; the lock manager does. Stolen: this tab
   * steps down now (its late messages are under an earlier lead, dropped). Still holding
   * the lock (or unable to tell: its own lock not granted yet): it takes a term above, so
   * followers follow it, and names each tab's joined albums again (they may have dropped
   * its rounds). Stepping down on a claim alone let a stale one depose the true leader, and
   * the lead went round the tabs for ever.
   */
  private keepLead(message: TabMessage, verdict: LeadVerdict | null): void {
    if (this.lead === null || this.checkingLead) return;
    const later = verdict === null ? message.term > this.lead.term : verdict === 'newer';
    if (!later) return;
    this.checkingLead = true;
    const asked = this.lead;
    void this.leadership.holdsLead().then((holds) => {
      this.checkingLead = false;
      // The answer is of the lead it asked about: not of a later one (deposed and elected again).
      if (this.lead !== asked || !this.isLeader()) return;
      if (holds === false) {
        this.deposed();
        return;
      }
      this.lead = this.terms.take(this.tabId);
      this.post({ kind: 'leader', tabId: this.tabId });
      this.leaderSide.announceAll();
    });
  }

  /** Tells the leader every album this tab shows, once this tab holds its own lock. */
  private postWants(fresh = false): void {
    if (!this.tabLock.held) {
      this.tabLock.wants = { fresh: fresh || (this.tabLock.wants?.fresh ?? false) };
      return;
    }
    this.post({ kind: 'wants', tabId: this.tabId, albumIds: [...this.ownWants], fresh });
  }

  private tabLockHeld(): void {
    if (this.tabLock.held) return;
    const waiting = this.tabLock.wants;
    this.tabLock = { held: true };
    if (waiting && this.mode === 'running' && !this.isLeader()) this.postWants(waiting.fresh);
  }

  /** Sent under this tab's lead while it leads, else with the highest term it heard (or `term`). */
  private post(
    message: UnsignedTabMessage,
    term = this.lead?.term ?? this.terms.highestTerm,
  ): void {
    this.channel?.postMessage({ ...message, term });
  }
}

interface WantsNote {
  readonly fresh: boolean;
}
