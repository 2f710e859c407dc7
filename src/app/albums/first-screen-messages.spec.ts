import type { Type } from '@angular/core';
import { ActivityFeed } from './album-detail/activity-feed/activity-feed';
import { AlbumDetail } from './album-detail/album-detail';
import { ClientPicks } from './album-detail/client-picks/client-picks';
import { PhotoGrid } from './album-detail/photo-grid/photo-grid';
import { PhotoViewer } from './album-detail/photo-viewer/photo-viewer';
import { TagCard } from './album-detail/tag-card/tag-card';
import { WorkflowStepper } from './album-detail/workflow-stepper/workflow-stepper';
import { AlbumCard } from './album-list/album-card/album-card';
import { AlbumList } from './album-list/album-list';

/**
 * Issue 22's Total Blocking Time: the first time a template with an ICU message
 * (`{count, plural, …}`) renders, Angular parses each of its cases through inert HTML
 * documents (a DOMParser and a document of its own per case): 5–10 ms of the first
 * screen's main thread per case on a phone. The album screens' counts are chosen in code
 * instead (i18n/formats.ts), so none of their templates carries one.
 */
const firstScreens: Record<string, Type<unknown>> = {
  AlbumList,
  AlbumCard,
  AlbumDetail,
  TagCard,
  PhotoGrid,
  WorkflowStepper,
  ActivityFeed,
  ClientPicks,
  PhotoViewer,
};

/** The messages a compiled component's template holds (its `consts`, where i18n blocks live). */
function templateMessages(component: Type<unknown>): string[] {
  const def = (component as { ɵcmp?: { consts?: unknown } }).ɵcmp;
  const consts = typeof def?.consts === 'function' ? (def.consts as () => unknown)() : def?.consts;
  return JSON.stringify(consts ?? [])
    .split('"')
    .filter((text) => text.length > 0);
}

describe('the album screens’ templates', () => {
  it('are compiled with their messages readable (the control)', () => {
    expect(templateMessages(AlbumList).join(' ')).toContain('New album');
  });

  for (const [name, component] of Object.entries(firstScreens)) {
    it(`${name} carries no ICU message`, () => {
      // `{count, plural, …}`, its expression a placeholder once compiled: `{�0�, plural, …}`.
      const icus = templateMessages(component).filter((text) =>
        /\{[^{}]*, (plural|select|selectordinal),/.test(text),
      );
      expect(icus).toEqual([]);
    });
  }
});
