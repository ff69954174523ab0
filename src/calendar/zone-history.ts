const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** A change of a zone's UTC offset: at instant `at` the clock goes from offset `from` to offset `to` (ms). */
export interface OffsetChange {
  at: number;
  from: number;
  to: number;
  /** Summer time, as opposed to the zone's standard time. */
  daylight: boolean;
  /** The zone's abbreviation after the change (`BST`, `PST`), when Intl knows one. */
  name?: string;
}

/**
 * What a zone's clock did around a viewing: the offset changes from the last one before the year the viewing
 * starts in to the end of the year it ends in. The first entry is that earlier change, so every instant of
 * those years lies after some entry; a zone that did not change in the year before gets an entry at its start
 * with the offset then in force (`from` = `to`), which is all a zone without daylight saving ever gets.
 */
export function zoneHistory(timeZone: string, start: number, end: number): OffsetChange[] {
  // A day either side of the UTC years, so the zone's own New Year lies inside whatever its offset.
  const coverFrom = Date.UTC(new Date(start).getUTCFullYear(), 0, 1) - DAY_MS;
  const coverTo = Date.UTC(new Date(end).getUTCFullYear() + 1, 0, 1) + DAY_MS;
  const scanFrom = Date.UTC(new Date(start).getUTCFullYear() - 1, 0, 1);
  const offsetOf = offsetReader(timeZone);
  const changes = offsetChanges(offsetOf, scanFrom, coverTo);
  const before = changes.filter((change) => change.at < coverFrom).at(-1);
  const within = changes.filter((change) => change.at >= coverFrom);
  const offset = offsetOf(scanFrom);
  const anchor = before ?? {
    // Local midnight, so the block reads as "from 1 January".
    at: scanFrom - offset,
    from: offset,
    to: offset,
  };
  const named = (change: Offsets): OffsetChange => ({
    ...change,
    daylight: isDaylight(offsetOf, change.at, change.to),
    name: abbreviation(timeZone, change.at),
  });
  return [anchor, ...within].map(named);
}

type Offsets = Pick<OffsetChange, 'at' | 'from' | 'to'>;

/** The zone's UTC offset at an instant, in ms. */
type OffsetReader = (instant: number) => number;

/**
 * Reads offsets with one Intl formatter for the whole scan. The scan takes a thousand readings per file, and
 * date-fns-tz formatting (as `offsetOf` in availability uses) is several times slower per reading.
 */
function offsetReader(timeZone: string): OffsetReader {
  const format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
  return (instant) => {
    const name = format.formatToParts(instant).find((part) => part.type === 'timeZoneName')?.value ?? '';
    // `GMT` alone for a zero offset, `GMT+05:30` otherwise.
    const match = /^GMT(?:([+-])(\d{2}):(\d{2}))?$/.exec(name);
    if (!match) throw new RangeError(`No UTC offset for ${timeZone} (${name})`);
    const minutes = Number(match[2] ?? 0) * 60 + Number(match[3] ?? 0);
    return (match[1] === '-' ? -minutes : minutes) * MINUTE_MS;
  };
}

/**
 * Every offset change in [from, to), found by reading the offset once a day and narrowing each difference to
 * the minute. Intl has no list of transitions, only the offset at an instant; no zone changes twice in a day.
 */
function offsetChanges(offsetOf: OffsetReader, from: number, to: number): Offsets[] {
  const changes: Offsets[] = [];
  let offset = offsetOf(from);
  for (let day = from; day < to; day += DAY_MS) {
    const next = offsetOf(day + DAY_MS);
    if (next === offset) continue;
    let early = day;
    let late = day + DAY_MS;
    while (late - early > MINUTE_MS) {
      const middle = early + Math.floor((late - early) / 2 / MINUTE_MS) * MINUTE_MS;
      if (offsetOf(middle) === offset) early = middle;
      else late = middle;
    }
    changes.push({ at: late, from: offset, to: next });
    offset = next;
  }
  return changes;
}

/**
 * Intl says nothing about daylight saving, only offsets; summer time is any offset above the lower of that
 * year's January and July offsets, which also puts the southern hemisphere's summer in December.
 */
function isDaylight(offsetOf: OffsetReader, instant: number, offset: number): boolean {
  const year = new Date(instant).getUTCFullYear();
  const standard = Math.min(offsetOf(Date.UTC(year, 0, 1)), offsetOf(Date.UTC(year, 6, 1)));
  return offset > standard;
}

/**
 * The short name of the zone's time at an instant, for TZNAME. British English knows GMT/BST and CET/CEST,
 * American English PST/PDT; where neither has a name, Intl answers `GMT+9`, which says no more than the
 * offset, so the name is left out.
 */
function abbreviation(timeZone: string, instant: number): string | undefined {
  for (const locale of ['en-GB', 'en-US']) {
    const name = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' })
      .formatToParts(instant)
      .find((part) => part.type === 'timeZoneName')?.value;
    if (name && /^[A-Z]{2,5}$/.test(name)) return name;
  }
  return undefined;
}

/**
 * Whether the zone's clock shows the wall-clock time of `instant` twice (the hour repeated when summer time
 * ends). Readers disagree on which showing such a time means: RFC 5545 says the first, ical.js and others take
 * the second.
 */
export function isRepeatedWallTime(history: readonly OffsetChange[], instant: number): boolean {
  return history.some(
    ({ at, from, to }) => from > to && instant >= at - (from - to) && instant < at + (from - to),
  );
}

/**
 * The offset `history` gives for `instant`, which it covers. DTSTART is written with it, so the wall-clock time
 * in the file and the file's own VTIMEZONE cannot disagree.
 */
export function offsetAt(history: readonly OffsetChange[], instant: number): number {
  let offset = history[0]?.from ?? 0;
  for (const change of history) if (change.at <= instant) offset = change.to;
  return offset;
}
