/**
 * Wall-clock time in an IANA time zone, through the Intl API (no time-zone library): the offset of
 * a zone at an instant, the local date of an instant, and the instant a local time first occurs.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** A calendar date, as written in the zone (month 1–12). */
export interface LocalDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

const formatterOf = (timeZone: string): Intl.DateTimeFormat => {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
};

/** Whether the runtime knows the zone (e.g. `Europe/Berlin`, `UTC`). */
export const isTimeZone = (timeZone: string): boolean => {
  try {
    formatterOf(timeZone);
    return true;
  } catch {
    return false;
  }
};

/** The wall-clock reading of an instant in the zone, written as if it were UTC (epoch ms). */
const wallClockOf = (instant: number, timeZone: string): number => {
  const parts: Record<string, number> = {};
  for (const part of formatterOf(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  // Milliseconds are not formatted; every offset in use is a whole number of seconds.
  return Date.UTC(year, month - 1, day, hour, minute, second) + (instant % 1000);
};

/** The zone's offset from UTC at an instant, in ms (positive east of Greenwich). */
export const offsetAt = (instant: number, timeZone: string): number =>
  wallClockOf(instant, timeZone) - instant;

/** The date the zone's calendar shows at an instant. */
export const localDateOf = (instant: number, timeZone: string): LocalDate => {
  const wall = new Date(wallClockOf(instant, timeZone));
  return { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate() };
};

/** The following calendar date. */
export const nextDate = (date: LocalDate): LocalDate => {
  const next = new Date(Date.UTC(date.year, date.month - 1, date.day + 1));
  return { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() };
};

/** `YYYY-MM-DD`. */
export const isoDate = (date: LocalDate): string =>
  `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;

/** 0 = Sunday … 6 = Saturday. */
export const weekdayOf = (date: LocalDate): number =>
  new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();

/**
 * The instant at which the zone's wall clock first reads `minutes` after midnight of `date`.
 * When the time is repeated (clocks go back) that is its first occurrence; when it is skipped
 * (clocks go forward) it is the moment of the jump, the first instant the clock reads later.
 * Assumes at most one offset change within a day of the time, which holds for every real zone.
 */
export const instantOfLocalTime = (date: LocalDate, minutes: number, timeZone: string): number => {
  const wall = Date.UTC(date.year, date.month - 1, date.day) + minutes * MINUTE_MS;
  const offsetBefore = offsetAt(wall - DAY_MS, timeZone);
  const offsetAfter = offsetAt(wall + DAY_MS, timeZone);
  const candidates = [wall - offsetBefore, wall - offsetAfter].filter(
    (instant) => wallClockOf(instant, timeZone) === wall,
  );
  if (candidates.length > 0) return Math.min(...candidates);
  // Skipped: the jump lies between the two readings; find it by bisection.
  let notYet = Math.min(wall - offsetBefore, wall - offsetAfter);
  let already = Math.max(wall - offsetBefore, wall - offsetAfter);
  while (already - notYet > 1) {
    const middle = Math.floor((notYet + already) / 2);
    if (wallClockOf(middle, timeZone) >= wall) already = middle;
    else notYet = middle;
  }
  return already;
};
