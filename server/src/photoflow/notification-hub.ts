import { HubError, type HubDefinition, type HubPrincipal } from '../signalr/hub.ts';
import type { AlbumStore } from './albums.ts';
import type { AuthService } from './auth.ts';
import { isUuid } from './ids.ts';
import type { Principal } from './model.ts';

export type HubUser = HubPrincipal & { readonly principal: Principal };

/** The group an album's events go to (CONTRACT §4). */
export const albumGroup = (albumId: string): string => `album_${albumId}`;

/** Group membership, supplied by the hub endpoint once it exists. */
export interface HubGroups {
  addToGroup(connectionId: string, group: string): void;
  removeFromGroup(connectionId: string, group: string): void;
}

/** PhotoFlow's `/hubs/notification`: `[Authorize]`, JoinAlbumGroup, LeaveAlbumGroup. */
export function createNotificationHub(
  auth: AuthService,
  albums: AlbumStore,
  groups: () => HubGroups,
): HubDefinition<HubUser> {
  return {
    async authenticate(token) {
      const principal = await auth.verifyAccessToken(token);
      return principal ? { userId: principal.userId, principal } : null;
    },
    methods: {
      JoinAlbumGroup(caller, albumId) {
        // Unknown, malformed and other organizations' albums answer alike.
        const id = isUuid(albumId) ? albumId.toLowerCase() : null;
        if (!id || !albums.find(caller.principal.principal.organizationId, id)) {
          throw new HubError('Album not found');
        }
        groups().addToGroup(caller.connectionId, albumGroup(id));
      },
      LeaveAlbumGroup(caller, albumId) {
        if (typeof albumId !== 'string') throw new HubError('An album id is required');
        groups().removeFromGroup(caller.connectionId, albumGroup(albumId.toLowerCase()));
      },
    },
  };
}
