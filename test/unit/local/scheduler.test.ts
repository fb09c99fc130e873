import { LocalClock } from '../../../infra/local/clock';
import { type Scheduler, startScheduler } from '../../../infra/local/scheduler';

describe('startScheduler', () => {
  let scheduler: Scheduler | undefined;
  afterEach(async () => {
    await scheduler?.stop();
    scheduler = undefined;
  });

  const flush = () => new Promise((resolve) => setImmediate(resolve));

  it('runs a task once each time its period of business time has passed', async () => {
    const clock = new LocalClock({ rate: 0 });
    const runs: string[] = [];
    scheduler = startScheduler({
      clock,
      tickMs: 60_000,
      tasks: [{ name: 'sla-sweep', everySeconds: 60, run: async () => runs.push('sweep') }],
    });
    clock.advance(59_000);
    await flush();
    expect(runs).toEqual([]);
    clock.advance(1_000);
    await flush();
    expect(runs).toEqual(['sweep']);
    clock.advance(60_000);
    await flush();
    expect(runs).toEqual(['sweep', 'sweep']);
  });

  it('collapses missed periods into one run after a big advance', async () => {
    const clock = new LocalClock({ rate: 0 });
    let runs = 0;
    scheduler = startScheduler({
      clock,
      tickMs: 60_000,
      tasks: [{ name: 'sla-sweep', everySeconds: 60, run: async () => (runs += 1) }],
    });
    clock.advance(60 * 60_000);
    await flush();
    expect(runs).toBe(1);
  });

  it('never overlaps a run still in progress', async () => {
    const clock = new LocalClock({ rate: 0 });
    let release: () => void = () => undefined;
    let started = 0;
    scheduler = startScheduler({
      clock,
      tickMs: 60_000,
      tasks: [
        {
          name: 'slow',
          everySeconds: 1,
          run: () => {
            started += 1;
            return new Promise<void>((resolve) => {
              release = resolve;
            });
          },
        },
      ],
    });
    clock.advance(1_000);
    clock.advance(1_000);
    await flush();
    expect(started).toBe(1);
    release();
    await flush();
    clock.advance(1_000);
    await flush();
    expect(started).toBe(2);
    release();
  });

  it('reports a failing run and keeps the schedule', async () => {
    const clock = new LocalClock({ rate: 0 });
    const errors: string[] = [];
    let runs = 0;
    scheduler = startScheduler({
      clock,
      tickMs: 60_000,
      onError: (error, task) => errors.push(`${task}: ${(error as Error).message}`),
      tasks: [
        {
          name: 'sla-sweep',
          everySeconds: 60,
          run: async () => {
            runs += 1;
            throw new Error('table unavailable');
          },
        },
      ],
    });
    clock.advance(60_000);
    await flush();
    clock.advance(60_000);
    await flush();
    expect(runs).toBe(2);
    expect(errors).toEqual(['sla-sweep: table unavailable', 'sla-sweep: table unavailable']);
  });

  it('follows an accelerated clock without being advanced', async () => {
    const clock = new LocalClock({ rate: 6_000 });
    let runs = 0;
    scheduler = startScheduler({
      clock,
      tickMs: 5,
      tasks: [{ name: 'sla-sweep', everySeconds: 60, run: async () => (runs += 1) }],
    });
    // 60 s of business time pass every 10 ms of real time.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(runs).toBeGreaterThanOrEqual(2);
  });
});
