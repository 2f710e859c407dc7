import { Component, input, output } from '@angular/core';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatOption, MatSelect } from '@angular/material/select';
import { ALBUM_STATES, type AlbumState } from '../../../api/models';
import { StagePipe } from '../../../i18n/label.pipes';

/**
 * The list's search field and stage menu. The list makes them once the browser is idle
 * after its first render (`@defer` in album-list.html): Material's form fields, select and
 * options were half of making the list (issue 22's Total Blocking Time), and a person
 * does not type in the first frame.
 */
@Component({
  selector: 'app-album-filters',
  imports: [MatFormField, MatLabel, MatInput, MatSelect, MatOption, StagePipe],
  templateUrl: './album-filters.html',
  styleUrl: './album-filters.scss',
})
export class AlbumFilters {
  readonly search = input.required<string>();
  readonly stage = input.required<AlbumState | null>();
  /** Each keystroke's text (the list waits for a pause before it searches). */
  readonly searchChange = output<string>();
  readonly stageChange = output<AlbumState | null>();

  protected readonly states = ALBUM_STATES;
}
