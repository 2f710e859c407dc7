import { Component, inject } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { Subject } from 'rxjs';
import { IDLE_TIME, injectPageBeneathViewer } from './page-beneath-viewer';
import { ViewerReturn } from './photo-viewer/viewer-return';

@Component({ selector: 'app-viewer-stand-in', template: 'viewer' })
class ViewerStandIn {}

@Component({ selector: 'app-page-stand-in', template: '', providers: [ViewerReturn] })
class PageStandIn {
  readonly bodyShown = injectPageBeneathViewer();
  readonly viewerReturn = inject(ViewerReturn);
}

async function open(url: string) {
  const idle = new Subject<void>();
  TestBed.configureTestingModule({
    providers: [
      provideRouter([
        {
          path: 'albums/:albumId',
          component: PageStandIn,
          children: [{ path: 'photos/:photoId', component: ViewerStandIn }],
        },
      ]),
      { provide: IDLE_TIME, useValue: () => idle },
    ],
  });
  const harness = await RouterTestingHarness.create();
  const page = await harness.navigateByUrl(url, PageStandIn);
  return { page, idle };
}

describe('injectPageBeneathViewer', () => {
  it('shows the album page at once when it opens on its own', async () => {
    const { page } = await open('/albums/a1');
    expect(page.bodyShown()).toBe(true);
  });

  it('waits under a viewer the page opened with (a deep link) for its photo, then idle time', async () => {
    const { page, idle } = await open('/albums/a1/photos/p1');
    expect(page.bodyShown()).toBe(false);
    idle.next(); // idle while the photo loads: the page beneath would paint before it
    TestBed.tick();
    expect(page.bodyShown()).toBe(false);
    page.viewerReturn.viewerSettled();
    TestBed.tick();
    expect(page.bodyShown()).toBe(false);
    idle.next();
    expect(page.bodyShown()).toBe(true);
  });
});
