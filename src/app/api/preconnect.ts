/**
 * Warms the connections to the API's origin while the app boots, where it is not the
 * page's own (PhotoFlow's real environments: `https://…api.photoflow.vn`): the first
 * screen's request and its covers then skip DNS, TCP and TLS. Two links, as the browser
 * keeps two pools: the REST calls are CORS requests without credentials (`crossorigin`),
 * the covers and thumbnails plain image loads (without).
 */
export function preconnectToApi(document: Document, apiBaseUrl: string): void {
  const origin = new URL(apiBaseUrl, document.baseURI).origin;
  if (origin === document.location.origin) return;
  for (const crossOrigin of ['anonymous', null]) {
    const link = document.createElement('link');
    link.rel = 'preconnect';
    link.href = origin;
    if (crossOrigin) link.crossOrigin = crossOrigin;
    document.head.appendChild(link);
  }
}
