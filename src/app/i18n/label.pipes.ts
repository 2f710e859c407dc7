import { Pipe, type PipeTransform } from '@angular/core';
import { formatCount } from './formats';
import { stageLabel, tagLabel, tagStatusLabel } from './labels';

/** An album state as shown: `{{ album.state | stage }}`. */
@Pipe({ name: 'stage' })
export class StagePipe implements PipeTransform {
  transform(state: string): string {
    return stageLabel(state);
  }
}

/** A tag type as shown: `{{ tag.type | tagType }}`. */
@Pipe({ name: 'tagType' })
export class TagTypePipe implements PipeTransform {
  transform(type: string): string {
    return tagLabel(type);
  }
}

@Pipe({ name: 'tagStatus' })
export class TagStatusPipe implements PipeTransform {
  transform(status: string): string {
    return tagStatusLabel(status);
  }
}

/** A count in the page's locale: `2,400` / `2.400`. */
@Pipe({ name: 'count' })
export class CountPipe implements PipeTransform {
  transform(value: number): string {
    return formatCount(value);
  }
}
