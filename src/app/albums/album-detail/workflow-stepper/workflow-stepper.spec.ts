import { TestBed } from '@angular/core/testing';
import type { AlbumState } from '../../../api/models';
import { WorkflowStepper, workflowSteps } from './workflow-stepper';

const statuses = (state: AlbumState) =>
  workflowSteps(state)
    .map((step) => step.status[0])
    .join('');

describe('workflowSteps', () => {
  it('places each album state on the six stages', () => {
    // d = done, c = current, u = upcoming; stages Raw Stock Rate Retouch Feedback Final
    expect(statuses('Init')).toBe('uuuuuu');
    expect(statuses('Raw')).toBe('cuuuuu');
    expect(statuses('Rate')).toBe('ddcuuu');
    expect(statuses('Feedback')).toBe('ddddcu');
    expect(statuses('Revision')).toBe('ddddcu');
    expect(statuses('Approved')).toBe('dddddu');
    expect(statuses('Final')).toBe('dddddc');
    expect(statuses('Closed')).toBe('dddddd');
  });

  it('notes Revision and Approved beside Feedback', () => {
    expect(workflowSteps('Revision')[4].note).toBe('Revision requested');
    expect(workflowSteps('Approved')[4].note).toBe('Approved');
    expect(workflowSteps('Feedback').every((step) => step.note === null)).toBe(true);
  });
});

describe('WorkflowStepper', () => {
  function render(state: AlbumState): HTMLElement {
    const fixture = TestBed.createComponent(WorkflowStepper);
    fixture.componentRef.setInput('state', state);
    fixture.detectChanges();
    return fixture.nativeElement as HTMLElement;
  }

  it('marks the current stage for assistive technology', () => {
    const current = render('Retouch').querySelector('[aria-current="step"]');
    expect(current?.textContent).toContain('Retouch');
    expect(current?.textContent).toContain('current stage');
  });

  it('shows Init before the first stage and Closed after the last', () => {
    expect(render('Init').querySelector('[aria-current="step"]')?.textContent).toContain(
      'Not started',
    );
    expect(render('Closed').querySelector('[aria-current="step"]')?.textContent).toContain(
      'Closed',
    );
  });
});
