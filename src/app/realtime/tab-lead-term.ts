import type { TabMessage } from './tab-messages';

/**
 * A tab's lead: the term it took when it became leader (or raised since), and its tab,
 * which orders two leads of one term (two tabs that took a term without hearing each other).
 */
export interface Lead {
  readonly term: number;
  readonly tabId: string;
}

/** Below zero: `a` is the earlier lead; above zero: the later one. */
export function compareLeads(a: Lead, b: Lead): number {
  if (a.term !== b.term) return a.term - b.term;
  return a.tabId < b.tabId ? -1 : a.tabId > b.tabId ? 1 : 0;
}

export const sameLead = (a: Lead, b: Lead) => compareLeads(a, b) === 0;

/** What a leader says, each under its lead (a leader's `bye` too, told apart by its sender). */
const LEADER_KINDS: ReadonlySet<TabMessage['kind']> = new Set([
  'leader',
  'pong',
  'state',
  'events',
  'joined',
  'refused',
]);

/** The lead a leader's message is said under; null for what any tab says (wants, bye, ping…). */
export function leadOf(message: TabMessage): Lead | null {
  return LEADER_KINDS.has(message.kind) ? { term: message.term, tabId: message.tabId } : null;
}

/** How a leader's message stands against the latest lead this tab has heard of. */
export type LeadVerdict = 'stale' | 'latest' | 'newer';

/**
 * What this tab knows of the lead terms (kept for the tab's life, through stops and the
 * back/forward cache: it only grows). The browser orders neither two tabs' messages nor a
 * lock's handover against them, so who said `leader` last tells nothing; the term does: a
 * tab that takes the lead takes a term above every term it has heard, so a message under
 * an earlier lead than the latest heard is a former leader's, said before it lost the lead,
 * and is dropped. Every message carries a term (a leader's: its lead's; another tab's: the
 * highest it heard), so a leader that took too low a term (it had not yet heard its
 * predecessor's) learns it from any tab and takes a higher one.
 */
export class LeadTerms {
  private highest = 0;
  private latestLead: Lead | null = null;

  /** The highest term in any message heard or taken: what this tab's messages carry as follower. */
  get highestTerm(): number {
    return this.highest;
  }

  /** Any message heard: its term counts. */
  heard(term: number): void {
    if (term > this.highest) this.highest = term;
  }

  /** A leader's message: earlier than the latest lead heard (`stale`), that one, or a newer one (now the latest). */
  judge(lead: Lead): LeadVerdict {
    this.heard(lead.term);
    const order = this.latestLead === null ? 1 : compareLeads(lead, this.latestLead);
    if (order < 0) return 'stale';
    if (order === 0) return 'latest';
    this.latestLead = lead;
    return 'newer';
  }

  /** This tab takes the lead (elected, or outbidding a later claim): a term above every one heard. */
  take(tabId: string): Lead {
    const lead = { term: this.highest + 1, tabId };
    this.highest = lead.term;
    this.latestLead = lead;
    return lead;
  }
}
