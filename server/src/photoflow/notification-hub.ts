import { HubError, hubMethod, type HubDefinition, type HubPrincipal } from '../signalr/hub.ts';
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

/**
 * PhotoFlow's `/hubs/notification`: `[Authorize]`, JoinAlbumGroup(string albumId),
 * LeaveAlbumGroup(string albumId). Declared with their C# parameters, so a call that
 * does not bind fails as it does on the ASP.NET Core hub.
 */
export function createNotificationHub(
  auth: AuthService,
  albums: AlbumStore,
  groups: () => HubGroups,
): HubDefinition<HubUser> {
  return {
    async authenticate(token, { clockSkewMs }) {
      const principal = await auth.verifyAccessToken(token, clockSkewMs / 1000);
      return principal ? { userId: principal.userId, principal } : null;
    },
    methods: {
      JoinAlbumGroup: hubMethod<HubUser, ['string']>(['string'], (caller, albumId) => {
        // Unknown, malformed and other organizations' albums answer alike.
        const id = isUuid(albumId) ? albumId.toLowerCase() : null;
        if (!id || !albums.find(caller.principal.principal.organizationId, id)) {
          throw new HubError('Album not found');
        }
        groups().addToGroup(caller.connectionId, albumGroup(id));
      }),
      LeaveAlbumGroup: hubMethod<HubUser, ['string']>(['string'], (caller, albumId) => {
        // Leaving what one could not have joined (null, not an id) is no error.
        if (!isUuid(albumId)) return;
        groups().removeFromGroup(caller.connectionId, albumGroup(albumId.toLowerCase()));
      }),
    },
  };
}
