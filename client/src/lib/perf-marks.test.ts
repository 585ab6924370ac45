import { beforeEach, describe, expect, it } from 'vitest';
import {
  STAGE_SWITCH,
  WORKLIST_ROWS,
  endStageSwitch,
  markWorklistRows,
  resetPerfMarks,
  startStageSwitch,
} from './perf-marks';

beforeEach(() => {
  resetPerfMarks();
  performance.clearMarks();
  performance.clearMeasures();
});

/** Lets requestAnimationFrame and the task queued after it run. */
async function nextPaint() {
  await new Promise((resolve) => setTimeout(resolve, 50));
}

describe('performance marks', () => {
  it('marks the worklist rows once per page load', () => {
    markWorklistRows();
    markWorklistRows();
    expect(performance.getEntriesByName(WORKLIST_ROWS, 'mark')).toHaveLength(1);
  });

  it('measures a stage switch from the click to after the new step is painted', async () => {
    startStageSwitch();
    endStageSwitch();
    // Not before the paint.
    expect(performance.getEntriesByName(STAGE_SWITCH, 'measure')).toHaveLength(0);
    await nextPaint();
    const [measure, ...more] = performance.getEntriesByName(STAGE_SWITCH, 'measure');
    expect(more).toHaveLength(0);
    expect(measure!.duration).toBeGreaterThanOrEqual(0);
    expect(measure!.startTime).toBe(performance.getEntriesByName('rls:stage-switch-start')[0]!.startTime);
  });

  it('measures nothing for a step rendered without a click (opening the workspace), nor twice', async () => {
    endStageSwitch();
    await nextPaint();
    expect(performance.getEntriesByName(STAGE_SWITCH, 'measure')).toHaveLength(0);

    startStageSwitch();
    endStageSwitch();
    endStageSwitch();
    await nextPaint();
    expect(performance.getEntriesByName(STAGE_SWITCH, 'measure')).toHaveLength(1);
  });
});
