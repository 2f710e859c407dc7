/**
 * The hub address the client can negotiate with. PhotoFlow documents `wss://` hub
 * addresses, but negotiation is a `fetch` POST and the SSE / Long Polling fallbacks
 * are HTTP, so `wss:` becomes `https:` and `ws:` becomes `http:` (CONTRACT §1).
 * Relative addresses are kept: they resolve against the app's origin.
 */
export function toNegotiableHubUrl(url: string): string {
  const trimmed = url.trim();
  if (/^wss:/i.test(trimmed)) return `https:${trimmed.slice(4)}`;
  if (/^ws:/i.test(trimmed)) return `http:${trimmed.slice(3)}`;
  return trimmed;
}
