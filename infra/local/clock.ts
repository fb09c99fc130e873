import type { Clock } from '../../shared/use-cases/ports/clock';

export class ClockRateError extends Error {
  override name = 'ClockRateError';
}

export interface LocalClockOptions {
  /** Business milliseconds per real millisecond: 1 is real time, 60 makes a minute pass every second, 0 stops it. */
  readonly rate?: number;
  /** Business time at construction; the real time when omitted. */
  readonly start?: Date;
  /** The real time source, in epoch milliseconds. */
  readonly realNow?: () => number;
}

/**
 * Business time for the local runtime: runs `rate` times faster than real time and can be moved
 * forward by tests, so a 15-minute SLA breaches in seconds (or at once, after `advance`).
 */
export class LocalClock implements Clock {
  readonly rate: number;
  private readonly realNow: () => number;
  private readonly realStart: number;
  private readonly businessStart: number;
  private advancedMs = 0;
  private readonly advanceListeners = new Set<() => void>();

  constructor(options: LocalClockOptions = {}) {
    const rate = options.rate ?? 1;
    if (!Number.isFinite(rate) || rate < 0) {
      throw new ClockRateError(`clock rate must be a finite number ≥ 0, got ${rate}`);
    }
    this.rate = rate;
    this.realNow = options.realNow ?? Date.now;
    this.realStart = this.realNow();
    this.businessStart = options.start?.getTime() ?? this.realStart;
  }

  now(): Date {
    const elapsed = (this.realNow() - this.realStart) * this.rate;
    return new Date(this.businessStart + elapsed + this.advancedMs);
  }

  /** Moves business time forward by `ms` and tells the listeners (the scheduler runs what became due). */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new ClockRateError(`the clock only moves forward: cannot advance by ${ms} ms`);
    }
    this.advancedMs += ms;
    for (const listener of this.advanceListeners) listener();
  }

  /** Real milliseconds until `businessMs` of business time have passed; Infinity when stopped. */
  realDelayFor(businessMs: number): number {
    return this.rate === 0 ? Number.POSITIVE_INFINITY : Math.max(0, businessMs / this.rate);
  }

  /** Calls `listener` after every `advance`; returns the unsubscribe function. */
  onAdvance(listener: () => void): () => void {
    this.advanceListeners.add(listener);
    return () => this.advanceListeners.delete(listener);
  }
}

/** Parses CLOCK_RATE; the error names the variable. */
export const parseClockRate = (value: string | undefined): number => {
  if (value === undefined || value.trim() === '') return 1;
  const rate = Number(value);
  if (!Number.isFinite(rate) || rate <= 0) {
    throw new ClockRateError(`CLOCK_RATE must be a positive number, got "${value}"`);
  }
  return rate;
};
