import * as z from 'zod';
import {
  instantOfLocalTime,
  isoDate,
  isTimeZone,
  type LocalDate,
  localDateOf,
  nextDate,
  weekdayOf,
} from './zoned-time';

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
type Weekday = (typeof WEEKDAYS)[number];

/** Closed days in a row after which the deadline math gives up (holidays that never end). */
const SEARCH_DAYS = 3 * 366;

/** Opening hours of one day as `HH:MM-HH:MM` in the calendar's zone; `24:00` ends at midnight. */
export const OpeningHours = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d-(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'a range such as 09:00-17:30')
  .transform((text) => {
    const [from = '', to = ''] = text.split('-');
    const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3));
    return { from: minutesOf(from), to: minutesOf(to) };
  })
  .refine((range) => range.from < range.to, 'a range must end after it starts');
export type OpeningHours = z.infer<typeof OpeningHours>;

const DayHours = z
  .array(OpeningHours)
  .default([])
  .transform((ranges) => [...ranges].sort((a, b) => a.from - b.from))
  .refine(
    (ranges) =>
      ranges.every((range, index) => index === 0 || (ranges[index - 1]?.to ?? 0) <= range.from),
    'opening hours of one day must not overlap',
  );

/**
 * Business hours: a time zone, weekly opening hours and holidays. SLA time counts only while the
 * calendar is open, so a deadline set on Friday evening falls on Monday morning.
 */
export const BusinessCalendar = z
  .object({
    id: z.string().min(1),
    timeZone: z.string().refine(isTimeZone, 'an IANA time zone such as Europe/Berlin'),
    /** Opening hours per weekday; a day left out is closed. */
    hours: z.object(
      Object.fromEntries(WEEKDAYS.map((day) => [day, DayHours])) as Record<
        Weekday,
        typeof DayHours
      >,
    ),
    /** Closed dates (`YYYY-MM-DD`, in the calendar's zone). */
    holidays: z.array(z.iso.date()).default([]),
  })
  .refine((calendar) => WEEKDAYS.some((day) => calendar.hours[day].length > 0), {
    message: 'a calendar must be open on at least one weekday',
    path: ['hours'],
  });
export type BusinessCalendar = z.infer<typeof BusinessCalendar>;
export type BusinessCalendarInput = z.input<typeof BusinessCalendar>;

export class CalendarError extends Error {
  override name = 'CalendarError';
}

/** The open intervals (epoch ms, end exclusive) of one local date. */
const openIntervalsOn = (calendar: BusinessCalendar, date: LocalDate): [number, number][] => {
  if (calendar.holidays.includes(isoDate(date))) return [];
  const day = WEEKDAYS[weekdayOf(date)] ?? 'sun';
  return calendar.hours[day]
    .map((range): [number, number] => [
      instantOfLocalTime(date, range.from, calendar.timeZone),
      range.to === 24 * 60
        ? instantOfLocalTime(nextDate(date), 0, calendar.timeZone)
        : instantOfLocalTime(date, range.to, calendar.timeZone),
    ])
    .filter(([from, to]) => from < to);
};

/** Every open interval that ends after `from`, in order, clipped to start no earlier than `from`. */
function* openTimeFrom(calendar: BusinessCalendar, from: number): Generator<[number, number]> {
  // Start a day early: the previous local date's hours may run past `from` (a range to 24:00).
  let date = localDateOf(from - 86_400_000, calendar.timeZone);
  let closedDays = 0;
  let closedSince = date;
  while (closedDays < SEARCH_DAYS) {
    const open = openIntervalsOn(calendar, date).filter(([, end]) => end > from);
    if (open.length > 0) closedDays = 0;
    else if (closedDays++ === 0) closedSince = date;
    for (const [start, end] of open) yield [Math.max(start, from), end];
    date = nextDate(date);
  }
  throw new CalendarError(
    `calendar ${calendar.id} is closed for ${SEARCH_DAYS} days in a row from ${isoDate(closedSince)}`,
  );
}

/**
 * The instant `durationMs` of open time after `start`. Without a calendar time runs 24/7.
 * A zero duration returns `start` itself; a deadline reached exactly at closing time stays there.
 */
export const addBusinessTime = (
  start: Date,
  durationMs: number,
  calendar?: BusinessCalendar,
): Date => {
  if (!calendar) return new Date(start.getTime() + durationMs);
  if (durationMs <= 0) return start;
  let remaining = durationMs;
  for (const [from, to] of openTimeFrom(calendar, start.getTime())) {
    if (remaining <= to - from) return new Date(from + remaining);
    remaining -= to - from;
  }
  // openTimeFrom throws before it runs out.
  throw new CalendarError(`calendar ${calendar.id} ran out of open time`);
};

/** The open time between two instants (0 when `end` is not after `start`). Without a calendar, 24/7. */
export const businessTimeBetween = (
  start: Date,
  end: Date,
  calendar?: BusinessCalendar,
): number => {
  if (end.getTime() <= start.getTime()) return 0;
  if (!calendar) return end.getTime() - start.getTime();
  let total = 0;
  for (const [from, to] of openTimeFrom(calendar, start.getTime())) {
    if (from >= end.getTime()) break;
    total += Math.min(to, end.getTime()) - from;
  }
  return total;
};
