import { Component, input } from '@angular/core';

/** One line of the album's activity, in the photographer's words. */
export interface ActivityLine {
  readonly id: string | number;
  /** ISO 8601 timestamp. */
  readonly at: string;
  readonly text: string;
}

const time = new Intl.DateTimeFormat('en-GB', {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** What happened to the album, newest first. */
@Component({
  selector: 'app-activity-feed',
  templateUrl: './activity-feed.html',
  styleUrl: './activity-feed.scss',
})
export class ActivityFeed {
  readonly lines = input.required<readonly ActivityLine[]>();

  protected timeOf(at: string): string {
    const date = new Date(at);
    return Number.isNaN(date.getTime()) ? '' : time.format(date);
  }
}
