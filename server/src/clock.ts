/** The one source of "now" on the server; tests inject a ManualClock to control time. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = {
  now: () => new Date(),
};

/** A clock that only moves when told to (tests). */
export class ManualClock implements Clock {
  #ms: number;

  constructor(start: Date | string | number = '2026-01-15T09:00:00.000Z') {
    this.#ms = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.#ms);
  }

  set(to: Date | string | number): void {
    this.#ms = new Date(to).getTime();
  }

  /** Moves the clock forward by `ms` milliseconds. */
  advance(ms: number): void {
    this.#ms += ms;
  }
}
