/**
 * User Timing marks for what clinicians wait on, read by the browser benchmark
 * (tests/bench/browser-timing.ts) and visible in any browser's performance panel:
 *
 * - `rls:worklist-rows` (mark): the worklist first shows patient rows, once per page load;
 * - `rls:stage-switch` (measure): from the click on a workup step to that step painted.
 *
 * They carry no patient data (names only) and cost a few microseconds.
 */
export const WORKLIST_ROWS = 'rls:worklist-rows';
export const STAGE_SWITCH = 'rls:stage-switch';
const STAGE_SWITCH_START = 'rls:stage-switch-start';

const marked = new Set<string>();
let switchPending = false;

function perf(): Performance | undefined {
  return typeof performance !== 'undefined' && typeof performance.mark === 'function'
    ? performance
    : undefined;
}

/** Marks `name` the first time only, for this page load. */
function markOnce(name: string): void {
  if (marked.has(name)) return;
  marked.add(name);
  perf()?.mark(name);
}

/** The worklist shows rows (its first time in this page load). */
export function markWorklistRows(): void {
  markOnce(WORKLIST_ROWS);
}

/** A step was clicked: the switch starts now. */
export function startStageSwitch(): void {
  const p = perf();
  if (!p) return;
  p.clearMarks(STAGE_SWITCH_START);
  p.mark(STAGE_SWITCH_START);
  switchPending = true;
}

/**
 * Runs `fn` once the frame with the current DOM has been painted: a requestAnimationFrame callback
 * runs before that frame's paint, a task queued from it runs after.
 */
export function afterPaint(fn: () => void): void {
  const queueTask = (cb: () => void) => {
    if (typeof MessageChannel === 'undefined') {
      setTimeout(cb, 0);
      return;
    }
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      cb();
    };
    channel.port2.postMessage(undefined);
  };
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => queueTask(fn));
  else queueTask(fn);
}

/**
 * The new step is in the DOM (call from a layout effect): measures `rls:stage-switch` once it is
 * painted. Without a click before it (the first render of a workspace) it does nothing.
 */
export function endStageSwitch(): void {
  const p = perf();
  if (!p || !switchPending) return;
  switchPending = false;
  afterPaint(() => {
    try {
      p.measure(STAGE_SWITCH, STAGE_SWITCH_START);
    } catch {
      // The start mark was cleared meanwhile (e.g. a test clearing marks): nothing to measure.
    }
  });
}

/** For tests: forget what this page load has marked. */
export function resetPerfMarks(): void {
  marked.clear();
  switchPending = false;
}
