/// <reference types="node" />
import { readFileSync } from 'node:fs';
import { HUB_EVENT_NAMES } from '../api/models';

// The hub's event names are written once on each side of the wire: the app's schema table
// (`api/hub-event-schemas.ts`) and the C# hub. A rename on one side alone would drop every
// such event as unknown; this test catches it before the e2e suite does.

/** The names the C# hub sends: its typed client interface's methods, or its send calls until it has one. */
function namesTheCSharpHubSends(): string[] {
  const read = (file: string) => {
    try {
      return readFileSync(`aspnetcore-hub/${file}`, 'utf8');
    } catch {
      return '';
    }
  };
  const client = /interface\s+INotificationClient\s*\{([^}]*)\}/.exec(
    [
      read('NotificationHub.cs'),
      read('NotificationService.cs'),
      read('INotificationClient.cs'),
    ].join('\n'),
  );
  if (client) return [...client[1]!.matchAll(/Task\s+(\w+)\s*\(/g)].map((match) => match[1]!);
  const service = read('NotificationService.cs');
  return [...service.matchAll(/SendToAlbumAsync\(\s*"(\w+)"/g)].map((match) => match[1]!);
}

describe('hub event names', () => {
  it('are the ones the C# hub sends, no more, no fewer', () => {
    const sent = namesTheCSharpHubSends();
    expect(sent.length).toBeGreaterThan(0);
    expect([...sent].sort()).toEqual([...HUB_EVENT_NAMES].sort());
  });
});
