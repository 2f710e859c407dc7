import * as v from 'valibot';
import { isAway, type AlbumNewsItem, type TabPresence } from './notification-rules';

/** What the notifier needs of BroadcastChannel (a fake in tests). */
export interface ChannelLike {
  postMessage(message: unknown): void;
  onmessage: ((event: { data: unknown }) => void) | null;
  close(): void;
}

export interface NotifierDeps {
  readonly tabId: string;
  /** Opens the notifiers' channel: at each start (a closed channel cannot be reopened). */
  readonly openChannel: () => ChannelLike;
  readonly now: () => number;
  /** Called in the one notifier tab, once per news item, when no one sees its album. */
  readonly notify: (item: AlbumNewsItem) => void;
}

// Another tab is another program (another version after a deploy): every message is
// checked on receipt, and one that does not fit is dropped.
const id = v.pipe(v.string(), v.minLength(1), v.maxLength(100));
const messageSchema = v.variant('type', [
  v.object({
    type: v.literal('presence'),
    tab: v.object({ tabId: id, albumId: v.nullable(id), visible: v.boolean() }),
  }),
  v.object({ type: v.literal('gone'), tabId: id }),
  v.object({ type: v.literal('who') }),
  v.object({
    type: v.literal('news'),
    item: v.object({
      albumId: id,
      key: v.pipe(v.string(), v.maxLength(1_000)),
      news: v.variant('kind', [
        v.object({ kind: v.literal('clientPicked') }),
        v.object({ kind: v.literal('clientAskedRevision') }),
        v.object({ kind: v.literal('clientApproved') }),
        v.object({
          kind: v.literal('syncCompleted'),
          count: v.pipe(v.number(), v.integer(), v.minValue(0)),
          tagType: v.pipe(v.string(), v.maxLength(100)),
        }),
        v.object({ kind: v.literal('syncFailed'), reason: v.pipe(v.string(), v.maxLength(2_000)) }),
      ]),
    }),
  }),
]);
type Message = v.InferOutput<typeof messageSchema>;

/** A tab not heard from for this long is gone (closed without a word, or frozen). */
export const PRESENCE_TTL_MS = 30_000;
/** How long a news key is remembered, so the copy every other tab forwards is dropped. */
const NEWS_TTL_MS = 10 * 60_000;

/**
 * Once per browser, not once per tab: the tab the browser's one election chose (the tab
 * holding the hub connection, see `tab-leadership.ts`) is the notifier; {@link elect}
 * tells it. Every tab says, over a BroadcastChannel, whether it is seen and which album it
 * shows, and hands the notifier the news its hub brought; the notifier tells each news
 * item once, and only when no seen tab shows its album. A tab newly elected asks every
 * tab where it is. `offer()` is the only way news comes in.
 */
export class BrowserNotifier {
  /** Chosen by the browser's election; notifies only while its channel is open too. */
  private elected = false;
  private readonly tabs = new Map<string, { presence: TabPresence; at: number }>();
  private readonly seen = new Map<string, number>();
  private self: TabPresence;
  private channel: ChannelLike | null = null;

  constructor(private readonly deps: NotifierDeps) {
    this.self = { tabId: deps.tabId, albumId: null, visible: false };
  }

  get isNotifier(): boolean {
    return this.elected && this.channel !== null;
  }

  /**
   * Opens the channel. Again after {@link stop}: a page restored from the back/forward
   * cache starts anew, as a new tab would.
   */
  start(): void {
    if (this.channel) return;
    this.channel = this.deps.openChannel();
    this.channel.onmessage = ({ data }) => this.receive(data);
    if (this.elected) this.post({ type: 'who' });
  }

  /** Gone (closed, or into the back/forward cache): says so, and closes the channel. */
  stop(): void {
    if (!this.channel) return;
    this.post({ type: 'gone', tabId: this.deps.tabId });
    this.tabs.clear();
    this.channel.close();
    this.channel = null;
  }

  /** The browser's election chose this tab (true) or another (false). */
  elect(elected: boolean): void {
    if (elected === this.elected) return;
    this.elected = elected;
    this.tabs.clear();
    if (elected) this.post({ type: 'who' });
  }

  /** This tab's place: say it to the notifier (and remember it, if this tab is it). */
  report(presence: Omit<TabPresence, 'tabId'>): void {
    this.self = { ...presence, tabId: this.deps.tabId };
    this.post({ type: 'presence', tab: this.self });
  }

  /** News from this tab's hub: to the notifier (which may be this tab). */
  offer(item: AlbumNewsItem): void {
    if (this.isNotifier) this.consider(item);
    else this.post({ type: 'news', item });
  }

  private receive(data: unknown): void {
    const parsed = v.safeParse(messageSchema, data);
    if (!parsed.success) return;
    const message: Message = parsed.output;
    switch (message.type) {
      case 'presence':
        this.tabs.set(message.tab.tabId, { presence: message.tab, at: this.deps.now() });
        break;
      case 'gone':
        this.tabs.delete(message.tabId);
        break;
      case 'who':
        this.post({ type: 'presence', tab: this.self });
        break;
      case 'news':
        if (this.isNotifier) this.consider(message.item);
        break;
    }
  }

  private consider(item: AlbumNewsItem): void {
    const now = this.deps.now();
    for (const [key, at] of this.seen) if (now - at > NEWS_TTL_MS) this.seen.delete(key);
    if (this.seen.has(item.key)) return;
    this.seen.set(item.key, now);
    for (const [tabId, { at }] of this.tabs) {
      if (now - at > PRESENCE_TTL_MS) this.tabs.delete(tabId);
    }
    const everyTab = [this.self, ...[...this.tabs.values()].map((tab) => tab.presence)];
    if (isAway(item.albumId, everyTab)) this.deps.notify(item);
  }

  private post(message: Message): void {
    this.channel?.postMessage(message);
  }
}
