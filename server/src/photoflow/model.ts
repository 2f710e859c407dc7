/** The PhotoFlow vocabulary shared by the domain, the REST API and the hub (CONTRACT §3). */
export const albumStates = [
  'Init',
  'Raw',
  'Stock',
  'Rate',
  'Retouch',
  'Feedback',
  'Revision',
  'Approved',
  'Final',
  'Closed',
] as const;
export type AlbumState = (typeof albumStates)[number];

export const tagTypes = ['Raw', 'Stock', 'Rate', 'Retouch', 'Final'] as const;
export type TagType = (typeof tagTypes)[number];

export const tagStatuses = ['Pending', 'Syncing', 'Ready', 'Failed'] as const;
export type TagStatus = (typeof tagStatuses)[number];

export type UserRole = 'photographer' | 'org_admin';

/** A signed-in studio member, as read from the access token. */
export interface Principal {
  readonly userId: string;
  readonly email: string;
  readonly name: string;
  readonly role: UserRole;
  readonly organizationId: string;
}

/** Who fires a trigger: a studio member, or the studio's client (dev tool only). */
export type Actor =
  { readonly kind: 'member'; readonly principal: Principal } | { readonly kind: 'client' };

export interface AlbumTag {
  readonly id: string;
  readonly albumId: string;
  readonly type: TagType;
  readonly status: TagStatus;
  readonly link: string | null;
  readonly folderId: string;
  readonly photoCount: number;
  /** The client's picks among the tag's photos (contract silent: this backend's addition). */
  readonly pickedCount: number;
}

export interface Photo {
  readonly id: string;
  readonly albumTagId: string;
  readonly fileName: string;
  readonly thumbnailUrl: string;
  readonly sortOrder: number;
  readonly voted: boolean;
  readonly createdAt: string;
}

export interface AlbumSync {
  readonly albumTagId: string;
  readonly processedCount: number;
  readonly totalCount: number;
  readonly startedAt: string;
}

export interface AlbumSummary {
  readonly id: string;
  readonly name: string;
  readonly state: AlbumState;
  readonly coverUrl: string | null;
  readonly photoCount: number;
  readonly syncing: boolean;
  readonly modifiedAt: string;
}

export interface AlbumDetail {
  readonly id: string;
  readonly name: string;
  readonly state: AlbumState;
  readonly coverUrl: string | null;
  readonly photoCount: number;
  readonly modifiedAt: string;
  readonly tags: readonly AlbumTag[];
  readonly sync: AlbumSync | null;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly totalCount: number;
}
