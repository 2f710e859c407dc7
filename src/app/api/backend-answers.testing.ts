/**
 * Answers of the dev backend, as it sent them (captured 2026-12-02 from `npm run server`,
 * seed data), for the specs of the schemas and the API service. Tokens are stand-ins.
 */

const origin = 'http://127.0.0.1:37245';
const stockAlbumId = 'f7b81050-0150-5699-9fb2-6350159d04ee';
const stockTagId = '4f07467f-6c22-5a4b-af58-e9d5557c2747';
const initAlbumId = 'ccadf59b-6a7e-5116-81d6-185c0c50aac8';
const initRawTagId = '03de5584-0fec-59cc-913c-58fda27fdf06';

/** `GET /api/v1/albums?pageSize=3` */
export const albumListAnswer = {
  items: [
    {
      id: initAlbumId,
      name: 'Lan & Minh Wedding',
      state: 'Init',
      coverUrl: null,
      photoCount: 0,
      syncing: false,
      modifiedAt: '2026-12-02T01:09:06.018Z',
    },
    {
      id: '7645f813-de95-58cb-be0d-c656ab846bae',
      name: "Hoa's Graduation",
      state: 'Raw',
      coverUrl: `${origin}/api/v1/thumbnails/91b31c12-80f8-54d2-98af-23509174e408`,
      photoCount: 180,
      syncing: false,
      modifiedAt: '2026-12-02T00:09:06.018Z',
    },
    {
      id: stockAlbumId,
      name: 'Saigon Food Festival',
      state: 'Stock',
      coverUrl: `${origin}/api/v1/thumbnails/e35de576-35c1-52bf-bfd2-c0abed4030d7`,
      photoCount: 480,
      syncing: false,
      modifiedAt: '2026-12-01T23:09:06.018Z',
    },
  ],
  totalCount: 6,
};

/** `GET /api/v1/albums/{id}/tags` of the Stock album. */
export const tagListAnswer = [
  {
    id: '4f462372-a0b4-5a6f-a0b1-766da941734f',
    albumId: stockAlbumId,
    type: 'Raw',
    status: 'Ready',
    link: 'https://drive.google.com/drive/folders/1khf8QEbqmU2nTgA243fjy9DoR7LKUNUE',
    folderId: 'e446d21e-022b-5b72-a211-8232616a4638',
    photoCount: 240,
  },
  {
    id: stockTagId,
    albumId: stockAlbumId,
    type: 'Stock',
    status: 'Ready',
    link: null,
    folderId: '90d2f161-d988-5c51-8958-ce60921dec5d',
    photoCount: 240,
  },
];

/** `GET /api/v1/albums/{id}` of the Stock album, waiting for the client. */
export const albumAnswer = {
  id: stockAlbumId,
  name: 'Saigon Food Festival',
  state: 'Stock',
  coverUrl: `${origin}/api/v1/thumbnails/e35de576-35c1-52bf-bfd2-c0abed4030d7`,
  photoCount: 480,
  modifiedAt: '2026-12-01T23:09:06.018Z',
  tags: tagListAnswer,
  sync: null,
};

/** `GET /api/v1/albums/{id}` of the Init album 1.5 s after `SyncRawTag` (202). */
export const syncingAlbumAnswer = {
  id: initAlbumId,
  name: 'Lan & Minh Wedding',
  state: 'Init',
  coverUrl: `${origin}/api/v1/thumbnails/f9476b20-8c96-40b8-9f2c-f3604dbe541b`,
  photoCount: 50,
  modifiedAt: '2026-12-02T01:09:15.598Z',
  tags: [
    {
      id: initRawTagId,
      albumId: initAlbumId,
      type: 'Raw',
      status: 'Syncing',
      link: 'https://drive.google.com/drive/folders/1qXjQl1tyR3ArB_W_3Z9mziAgWy_BD6Yq',
      folderId: '6329bfd4-30a5-554e-95b4-7315434e80df',
      photoCount: 50,
    },
  ],
  sync: {
    albumTagId: initRawTagId,
    processedCount: 50,
    totalCount: 2400,
    startedAt: '2026-12-02T01:09:15.598Z',
  },
};

/** `GET /api/v1/albums/{id}/transitions`: the Stock album, then the syncing Init album. */
export const transitionsAnswer = [
  {
    trigger: 'Rate',
    targetState: 'Rate',
    executableBy: 'Client',
    canExecute: false,
    reason: 'Waiting for the client',
  },
];
export const syncingTransitionsAnswer = [
  {
    trigger: 'SyncRawTag',
    targetState: 'Raw',
    executableBy: 'Photographer',
    canExecute: false,
    reason: 'A sync of this album is running',
  },
];

/** `GET /api/v1/albums/{id}/tags/{tagId}/photos?page=1&pageSize=2` of the Stock tag. */
export const photoPageAnswer = {
  items: [
    {
      id: 'e35de576-35c1-52bf-bfd2-c0abed4030d7',
      albumTagId: stockTagId,
      fileName: 'SFF_0001.jpg',
      thumbnailUrl: `${origin}/api/v1/thumbnails/e35de576-35c1-52bf-bfd2-c0abed4030d7`,
      sortOrder: 1,
      voted: false,
      createdAt: '2026-12-02T01:09:06.074Z',
    },
    {
      id: '3558a3e8-bc4c-50b7-8c9c-797c9bf50fad',
      albumTagId: stockTagId,
      fileName: 'SFF_0002.jpg',
      thumbnailUrl: `${origin}/api/v1/thumbnails/3558a3e8-bc4c-50b7-8c9c-797c9bf50fad`,
      sortOrder: 2,
      voted: false,
      createdAt: '2026-12-02T01:09:06.074Z',
    },
  ],
  totalCount: 240,
};

/** `POST /api/v1/auth/login` (a 340-character JWT and a 43-character refresh token). */
export const tokensAnswer = {
  accessToken: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzdGFuZC1pbiJ9.c3RhbmQtaW4tc2lnbmF0dXJl',
  refreshToken: 'stand-in-refresh-token-0123456789abcdefghij',
  expiresIn: 3600,
};
