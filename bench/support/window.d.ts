// What the benchmark build (src/app/bench/bench-counters.ts) and the naive baseline
// expose on window, as the benchmark reads it.
export {};
declare global {
  interface Window {
    __pfBench?: {
      readonly changeDetections: number;
      readonly detectionsPerFrame: Readonly<Record<number, number>>;
      readonly eventsReceived: Readonly<Record<string, number>>;
      readonly firstProgressAt: number | null;
      readonly lastProgressAt: number | null;
      readonly relayedProgress: number;
      isLeader(): boolean;
      connectionStatus(): string;
      hubStats(): {
        handlers: number;
        groupRefCounts: Record<string, number>;
        joinedGroups: string[];
      };
      syncCounts(albumId: string): Record<string, number>;
      resetEventCounts(): void;
    };
  }
}
