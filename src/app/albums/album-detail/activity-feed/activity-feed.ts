import { Component, input } from '@angular/core';
import { formatTime } from '../../../i18n/formats';

/** One line of the album's activity, in the photographer's words. */
export interface ActivityLine {
  readonly id: string | number;
  /** ISO 8601 timestamp. */
  readonly at: string;
  readonly text: string;
}

/** What happened to the album, newest first. */
@Component({
  selector: 'app-activity-feed',
  templateUrl: './activity-feed.html',
  styleUrl: './activity-feed.scss',
})
export class ActivityFeed {
  readonly lines = input.required<readonly ActivityLine[]>();

  protected timeOf(at: string): string {
    return formatTime(at);
  }
}
