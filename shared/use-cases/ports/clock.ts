/** Business time. In AWS the system clock; locally it may run faster (CLOCK_RATE) or be moved by tests. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
