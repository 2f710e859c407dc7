import { Component, computed, input } from '@angular/core';
import type { AlbumState } from '../../../api/models';
import { StagePipe } from '../../../i18n/label.pipes';

export type StepStatus = 'done' | 'current' | 'upcoming';

export interface WorkflowStep {
  readonly label: string;
  readonly status: StepStatus;
  /** A state shown beside its stage: Revision and Approved around Feedback. */
  readonly note: string | null;
}

const stages = ['Raw', 'Stock', 'Rate', 'Retouch', 'Feedback', 'Final'] as const;

/** Where each album state sits on the six stages (Init before them, Closed after). */
const position: Record<AlbumState, { index: number; done: boolean; note: string | null }> = {
  Init: { index: -1, done: false, note: null },
  Raw: { index: 0, done: false, note: null },
  Stock: { index: 1, done: false, note: null },
  Rate: { index: 2, done: false, note: null },
  Retouch: { index: 3, done: false, note: null },
  Feedback: { index: 4, done: false, note: null },
  Revision: { index: 4, done: false, note: $localize`Revision requested` },
  Approved: {
    index: 4,
    done: true,
    note: $localize`:album stage|A stage of the album workflow:Approved`,
  },
  Final: { index: 5, done: false, note: null },
  Closed: { index: 5, done: true, note: null },
};

export function workflowSteps(state: AlbumState): WorkflowStep[] {
  const at = position[state] ?? position.Init;
  return stages.map((label, index) => ({
    label,
    status:
      index < at.index || (index === at.index && at.done)
        ? 'done'
        : index === at.index
          ? 'current'
          : 'upcoming',
    note: index === at.index ? at.note : null,
  }));
}

/** The album's workflow, Raw → Final, showing where the album is. */
@Component({
  selector: 'app-workflow-stepper',
  imports: [StagePipe],
  templateUrl: './workflow-stepper.html',
  styleUrl: './workflow-stepper.scss',
})
export class WorkflowStepper {
  readonly state = input.required<AlbumState>();

  protected readonly steps = computed(() => workflowSteps(this.state()));
  protected readonly notStarted = computed(() => this.state() === 'Init');
  protected readonly closed = computed(() => this.state() === 'Closed');
}
