import fc from 'fast-check';
import {
  addBusinessTime,
  BusinessCalendar,
  type BusinessCalendarInput,
  businessTimeBetween,
  CalendarError,
} from '../../../shared/domain/sla/calendars';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const QUARTER = 15 * MINUTE;

const calendar = (input: Omit<BusinessCalendarInput, 'id'>) =>
  BusinessCalendar.parse({ id: 'support', ...input });

const officeHours = (timeZone: string, holidays: string[] = []) =>
  calendar({
    timeZone,
    hours: {
      mon: ['09:00-17:00'],
      tue: ['09:00-17:00'],
      wed: ['09:00-17:00'],
      thu: ['09:00-17:00'],
      fri: ['09:00-17:00'],
    },
    holidays,
  });

const allDay = (timeZone: string) =>
  calendar({
    timeZone,
    hours: Object.fromEntries(
      ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((day) => [day, ['00:00-24:00']]),
    ),
  });

const at = (iso: string) => new Date(iso);

/** Zones with daylight saving at different local hours, half- and quarter-hour offsets, and none. */
const ZONES = [
  'Europe/Berlin',
  'America/New_York',
  'America/Santiago',
  'Australia/Lord_Howe',
  'Asia/Kathmandu',
  'Pacific/Chatham',
  'America/Havana',
  'UTC',
];

describe('BusinessCalendar', () => {
  it('names the field when the time zone is unknown', () => {
    const result = BusinessCalendar.safeParse({
      id: 'x',
      timeZone: 'Mars/Olympus',
      hours: { mon: ['09:00-17:00'] },
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['timeZone']);
    expect(result.error?.issues[0]?.message).toMatch(/IANA time zone/);
  });

  it('refuses a range that ends before it starts', () => {
    const result = BusinessCalendar.safeParse({
      id: 'x',
      timeZone: 'UTC',
      hours: { mon: ['17:00-09:00'] },
    });
    expect(result.error?.issues[0]?.path).toEqual(['hours', 'mon', 0]);
  });

  it('refuses overlapping ranges on one day', () => {
    const result = BusinessCalendar.safeParse({
      id: 'x',
      timeZone: 'UTC',
      hours: { mon: ['09:00-13:00', '12:00-17:00'] },
    });
    expect(result.error?.issues[0]?.message).toMatch(/overlap/);
  });

  it('refuses a calendar that is never open', () => {
    const result = BusinessCalendar.safeParse({ id: 'x', timeZone: 'UTC', hours: {} });
    expect(result.error?.issues[0]?.message).toMatch(/at least one weekday/);
  });
});

describe('addBusinessTime', () => {
  it('adds plain time without a calendar', () => {
    expect(addBusinessTime(at('2026-03-29T00:30:00Z'), 15 * MINUTE).toISOString()).toBe(
      '2026-03-29T00:45:00.000Z',
    );
  });

  it('carries a deadline set on Friday evening over the weekend to Monday morning', () => {
    // Friday 16:30 Berlin (CET, UTC+1) with one hour to go: 30 min on Friday, 30 min on Monday.
    const due = addBusinessTime(at('2026-01-16T15:30:00Z'), HOUR, officeHours('Europe/Berlin'));
    expect(due.toISOString()).toBe('2026-01-19T08:30:00.000Z');
  });

  it('starts counting at opening time when started before it', () => {
    const due = addBusinessTime(at('2026-01-19T05:00:00Z'), HOUR, officeHours('Europe/Berlin'));
    expect(due.toISOString()).toBe('2026-01-19T09:00:00.000Z');
  });

  it('skips holidays', () => {
    const due = addBusinessTime(
      at('2026-12-24T16:00:00Z'),
      HOUR,
      officeHours('Europe/Berlin', ['2026-12-25']),
    );
    // Thursday 17:00 local is closing time; Friday the 25th is a holiday; Monday the 28th 10:00.
    expect(due.toISOString()).toBe('2026-12-28T09:00:00.000Z');
  });

  it('keeps a deadline that falls exactly at closing time on that day', () => {
    const due = addBusinessTime(at('2026-01-19T08:00:00Z'), 8 * HOUR, officeHours('Europe/Berlin'));
    expect(due.toISOString()).toBe('2026-01-19T16:00:00.000Z');
  });

  it('follows the local opening time across the spring-forward change', () => {
    // Friday 27 March 2026 16:00 CET (UTC+1); clocks go forward on Sunday the 29th.
    const due = addBusinessTime(at('2026-03-27T15:00:00Z'), 2 * HOUR, officeHours('Europe/Berlin'));
    // One hour on Friday, one from Monday 09:00 CEST (UTC+2).
    expect(due.toISOString()).toBe('2026-03-30T08:00:00.000Z');
  });

  it('counts 23 hours on the day clocks go forward and 25 when they go back', () => {
    const berlin = allDay('Europe/Berlin');
    expect(
      businessTimeBetween(at('2026-03-28T23:00:00Z'), at('2026-03-29T22:00:00Z'), berlin),
    ).toBe(23 * HOUR);
    expect(
      businessTimeBetween(at('2026-10-24T22:00:00Z'), at('2026-10-25T23:00:00Z'), berlin),
    ).toBe(25 * HOUR);
  });

  it('opens at the jump when opening time falls in the skipped hour', () => {
    // 02:30 does not exist in Berlin on 29 March 2026: the clock jumps from 02:00 to 03:00 (01:00Z).
    const night = calendar({ timeZone: 'Europe/Berlin', hours: { sun: ['02:30-04:00'] } });
    expect(addBusinessTime(at('2026-03-28T12:00:00Z'), 30 * MINUTE, night).toISOString()).toBe(
      '2026-03-29T01:30:00.000Z',
    );
  });

  it('opens at the first occurrence when opening time repeats as clocks go back', () => {
    // 02:30 happens twice in Berlin on 25 October 2026: first at 00:30Z (CEST), then 01:30Z (CET).
    const night = calendar({ timeZone: 'Europe/Berlin', hours: { sun: ['02:30-04:00'] } });
    const start = at('2026-10-24T12:00:00Z');
    expect(addBusinessTime(start, MINUTE, night).toISOString()).toBe('2026-10-25T00:31:00.000Z');
    // Open from 00:30Z until 04:00 CET (03:00Z): two and a half hours of elapsed time.
    expect(businessTimeBetween(start, at('2026-10-26T00:00:00Z'), night)).toBe(150 * MINUTE);
  });

  it('fails with a CalendarError when every open day is a holiday for years', () => {
    const mondays = Array.from({ length: 200 }, (_, week) =>
      new Date(Date.UTC(2026, 0, 5 + 7 * week)).toISOString().slice(0, 10),
    );
    const never = calendar({ timeZone: 'UTC', hours: { mon: ['09:00-10:00'] }, holidays: mondays });
    expect(() => addBusinessTime(at('2026-01-01T00:00:00Z'), HOUR, never)).toThrow(CalendarError);
    expect(() => addBusinessTime(at('2026-01-01T00:00:00Z'), HOUR, never)).toThrow(
      /support is closed for 1098 days in a row/,
    );
  });
});

/** Realistic business calendars: quarter-hour ranges after 05:00 local, away from DST jumps. */
const calendarArbitrary = fc
  .record({
    timeZone: fc.constantFrom(...ZONES),
    days: fc.array(
      fc
        .tuple(fc.integer({ min: 20, max: 95 }), fc.integer({ min: 1, max: 48 }))
        .map(([from, length]) => [from, Math.min(96, from + length)] as const),
      { minLength: 7, maxLength: 7 },
    ),
    closed: fc.array(fc.boolean(), { minLength: 7, maxLength: 7 }),
  })
  .filter(({ closed }) => closed.some((isClosed) => !isClosed))
  .map(({ timeZone, days, closed }) => {
    const time = (quarters: number) =>
      quarters === 96
        ? '24:00'
        : `${String(Math.floor(quarters / 4)).padStart(2, '0')}:${String((quarters % 4) * 15).padStart(2, '0')}`;
    const names = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
    return calendar({
      timeZone,
      hours: Object.fromEntries(
        days.map(([from, to], index) => [
          names[index],
          closed[index] ? [] : [`${time(from)}-${time(to)}`],
        ]),
      ),
    });
  });

/** Quarter-hour instants from 2025 to 2027, so DST changes of every listed zone are crossed. */
const instantArbitrary = fc
  .integer({ min: 0, max: (3 * 365 * 24 * 4) | 0 })
  .map((quarters) => new Date(Date.UTC(2025, 0, 1) + quarters * QUARTER));

const durationArbitrary = fc.integer({ min: 1, max: 4 * 40 }).map((quarters) => quarters * QUARTER);

/** An independent oracle: walk quarter-hours and ask Intl whether each lies in opening hours. */
const oracleFormats = new Map(
  ZONES.map((timeZone) => [
    timeZone,
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }),
  ]),
);
const isOpenQuarter = (cal: BusinessCalendar, instant: number): boolean => {
  const parts = oracleFormats.get(cal.timeZone)?.formatToParts(new Date(instant)) ?? [];
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = part('weekday').toLowerCase().slice(0, 3) as keyof BusinessCalendar['hours'];
  const minutes = Number(part('hour')) * 60 + Number(part('minute'));
  return cal.hours[day].some((range) => range.from <= minutes && minutes < range.to);
};

/**
 * A quarter whose local time already happened an hour (or half an hour) earlier: clocks went back.
 * Wall-clock membership cannot say whether such a quarter is open — the calendar's rule (an opening
 * or closing time that happens twice counts at its first occurrence) decides, and the fixed DST
 * cases above pin it down — so the quarter-counting oracle skips walks through an open one.
 */
const isRepeatedOpenQuarter = (cal: BusinessCalendar, instant: number): boolean => {
  const format = oracleFormats.get(cal.timeZone);
  const wall = (at: number) => format?.format(new Date(at));
  return (
    isOpenQuarter(cal, instant) &&
    [30 * MINUTE, 60 * MINUTE].some((shift) => wall(instant - shift) === wall(instant))
  );
};

describe('addBusinessTime properties', () => {
  it('equals plain addition for a calendar open around the clock, in any zone, across DST', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        instantArbitrary,
        durationArbitrary,
        (zone, start, ms) => {
          expect(addBusinessTime(start, ms, allDay(zone)).getTime()).toBe(start.getTime() + ms);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is additive: adding a then b equals adding a + b', () => {
    fc.assert(
      fc.property(
        calendarArbitrary,
        instantArbitrary,
        durationArbitrary,
        durationArbitrary,
        (cal, start, a, b) => {
          expect(addBusinessTime(addBusinessTime(start, a, cal), b, cal).getTime()).toBe(
            addBusinessTime(start, a + b, cal).getTime(),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('is undone by businessTimeBetween', () => {
    fc.assert(
      fc.property(calendarArbitrary, instantArbitrary, durationArbitrary, (cal, start, ms) => {
        expect(businessTimeBetween(start, addBusinessTime(start, ms, cal), cal)).toBe(ms);
      }),
      { numRuns: 200 },
    );
  });

  it('agrees with counting open quarter-hours one by one', () => {
    fc.assert(
      fc.property(calendarArbitrary, instantArbitrary, durationArbitrary, (cal, start, ms) => {
        const due = addBusinessTime(start, ms, cal).getTime();
        let open = 0;
        for (let t = start.getTime(); t < due; t += QUARTER) {
          fc.pre(!isRepeatedOpenQuarter(cal, t));
          if (isOpenQuarter(cal, t)) open += QUARTER;
        }
        expect(open).toBe(ms);
        // The last quarter before the deadline is open time: the deadline is not pushed past it.
        expect(isOpenQuarter(cal, due - QUARTER)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});
