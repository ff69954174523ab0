/**
 * Where the proxy, the backends and the emulators read the time: one function handed down from whoever starts
 * them, so a test or a demo can set the day and the hour (a Sunday, late evening, a night the clocks change).
 * Durations (timeouts, rate windows, lock waits) are measured on the real clock, which runs at the same pace.
 */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/** A clock that reads `start` now and runs on from there at the real pace. */
export function clockStartingAt(start: Date): Clock {
  const offset = start.getTime() - Date.now();
  return () => new Date(Date.now() + offset);
}

/** The variable that sets the demo's clock: an ISO 8601 instant the demo's time starts from. */
export const CLOCK_VARIABLE = 'VIEWING_NOW';

/**
 * The system clock, or with `VIEWING_NOW=2027-03-28T00:30:00Z` a clock that starts at that instant.
 * Throws with the variable's name when the value is not an instant.
 */
export function clockFromEnvironment(value: string | undefined = process.env[CLOCK_VARIABLE]): Clock {
  if (value === undefined || value === '') return systemClock;
  const start = new Date(value);
  if (
    !/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(value) ||
    Number.isNaN(start.getTime())
  )
    throw new Error(
      `${CLOCK_VARIABLE} must be an ISO 8601 instant with its offset, like 2027-03-28T00:30:00Z (got "${value}")`,
    );
  return clockStartingAt(start);
}
