import type { LocalClock } from './clock';

export interface ScheduledTask {
  readonly name: string;
  readonly everySeconds: number;
  readonly run: () => Promise<unknown>;
}

export interface SchedulerOptions {
  readonly clock: LocalClock;
  readonly tasks: readonly ScheduledTask[];
  /** How often (real time) the scheduler looks at the clock. */
  readonly tickMs?: number;
  readonly onError?: (error: unknown, task: string) => void;
}

export interface Scheduler {
  /** Stops the timer and waits for runs in progress. */
  stop(): Promise<void>;
}

/**
 * EventBridge `rate(…)` schedules on the business clock: a task runs each time `everySeconds` of
 * business time have passed, so CLOCK_RATE and clock.advance() speed it up. A run never overlaps the
 * previous one of the same task, and missed periods (after a big advance) collapse into one run —
 * the tasks catch up on everything due, as the SLA sweeper does.
 */
export const startScheduler = (options: SchedulerOptions): Scheduler => {
  const state = options.tasks.map((task) => ({
    task,
    dueAt: options.clock.now().getTime() + task.everySeconds * 1000,
    running: undefined as Promise<void> | undefined,
  }));

  const tick = (): void => {
    const now = options.clock.now().getTime();
    for (const entry of state) {
      if (entry.running || now < entry.dueAt) continue;
      entry.dueAt = now + entry.task.everySeconds * 1000;
      entry.running = entry.task
        .run()
        .then(() => undefined)
        .catch((error: unknown) => options.onError?.(error, entry.task.name))
        .finally(() => {
          entry.running = undefined;
        });
    }
  };

  const timer = setInterval(tick, options.tickMs ?? 250);
  timer.unref();
  const unsubscribe = options.clock.onAdvance(tick);

  return {
    stop: async () => {
      clearInterval(timer);
      unsubscribe();
      await Promise.all(state.map((entry) => entry.running));
    },
  };
};
