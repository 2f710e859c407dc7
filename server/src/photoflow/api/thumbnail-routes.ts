import { notFound } from '../../http/problem.ts';
import type { Router } from '../../http/router.ts';
import { isUuid } from '../ids.ts';
import { renderPhotoSvg } from '../photo-image.ts';
import type { PhotoFlow } from './context.ts';

/**
 * Photo thumbnails. No token: an <img> cannot send one; photo ids are random UUIDs.
 * A photo's image never changes, so it may be cached for good.
 */
export function addThumbnailRoutes(router: Router, photoflow: PhotoFlow): void {
  router.get('/api/v1/thumbnails/:photoId', ({ res, params }) => {
    const photoId = params['photoId'];
    const photo = isUuid(photoId) ? photoflow.albums.photoById(photoId.toLowerCase()) : null;
    if (!photo) throw notFound('PHOTO_101A', 'No such photo.');
    const folder = photoflow.drive.folder(photo.image_folder_id);
    const svg = renderPhotoSvg({
      folderHue: folder?.hue ?? 0,
      index: photo.image_index,
      fileName: photo.file_name,
      variant: photo.variant,
    });
    res.writeHead(200, {
      'Content-Type': 'image/svg+xml; charset=utf-8',
      'Cache-Control': 'public, max-age=31536000, immutable',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
      'X-Content-Type-Options': 'nosniff',
      'Cross-Origin-Resource-Policy': 'cross-origin',
    });
    res.end(svg);
  });
}
