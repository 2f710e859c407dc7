import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { Subject } from 'rxjs';
import { IDLE_TIME, injectPageBeneathViewer } from './page-beneath-viewer';

@Component({ selector: 'app-viewer-stand-in', template: 'viewer' })
class ViewerStandIn {}

@Component({ selector: 'app-page-stand-in', template: '' })
class PageStandIn {
  readonly bodyShown = injectPageBeneathViewer();
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

  it('waits for idle time under a viewer the page opened with (a deep link)', async () => {
    const { page, idle } = await open('/albums/a1/photos/p1');
    expect(page.bodyShown()).toBe(false);
    idle.next();
    expect(page.bodyShown()).toBe(true);
  });
});
