import { ClockRateError, LocalClock, parseClockRate } from '../../../infra/local/clock';

describe('LocalClock', () => {
  const start = new Date('2026-03-02T09:00:00.000Z');

  it('runs rate times faster than the real clock', () => {
    let real = 1_000_000;
    const clock = new LocalClock({ rate: 60, start, realNow: () => real });
    real += 1_000;
    expect(clock.now().toISOString()).toBe('2026-03-02T09:01:00.000Z');
  });

  it('stands still at rate 0 until advanced', () => {
    let real = 0;
    const clock = new LocalClock({ rate: 0, start, realNow: () => real });
    real += 3_600_000;
    expect(clock.now()).toEqual(start);
    clock.advance(15 * 60_000);
    expect(clock.now().toISOString()).toBe('2026-03-02T09:15:00.000Z');
  });

  it('tells advance listeners until they unsubscribe', () => {
    const clock = new LocalClock({ rate: 0, start });
    const calls: Date[] = [];
    const unsubscribe = clock.onAdvance(() => calls.push(clock.now()));
    clock.advance(1_000);
    unsubscribe();
    clock.advance(1_000);
    expect(calls).toEqual([new Date('2026-03-02T09:00:01.000Z')]);
  });

  it('refuses to move backwards or run at a negative rate', () => {
    const clock = new LocalClock({ rate: 0, start });
    expect(() => clock.advance(-1)).toThrow(ClockRateError);
    expect(() => new LocalClock({ rate: -2 })).toThrow('clock rate must be a finite number ≥ 0');
  });

  it('converts business time to real delays, infinite when stopped', () => {
    expect(new LocalClock({ rate: 60 }).realDelayFor(60_000)).toBe(1_000);
    expect(new LocalClock({ rate: 0 }).realDelayFor(1)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('parseClockRate', () => {
  it('defaults to real time when CLOCK_RATE is unset or blank', () => {
    expect(parseClockRate(undefined)).toBe(1);
    expect(parseClockRate(' ')).toBe(1);
  });

  it('reads a positive number', () => {
    expect(parseClockRate('120')).toBe(120);
    expect(parseClockRate('0.5')).toBe(0.5);
  });

  it('names CLOCK_RATE when the value is not a positive number', () => {
    expect(() => parseClockRate('fast')).toThrow(
      'CLOCK_RATE must be a positive number, got "fast"',
    );
    expect(() => parseClockRate('0')).toThrow(ClockRateError);
  });
});
