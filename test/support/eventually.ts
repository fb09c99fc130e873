/** Polling for asynchronous outcomes, shared by the integration and end-to-end tests. */
import { setTimeout as sleep } from 'node:timers/promises';

/** A condition a test waited for did not hold in time. */
export class ConditionTimeoutError extends Error {
  override name = 'ConditionTimeoutError';
}

/** Polls until `read` returns a value `accept`s; fails with the last value after the timeout. */
export const eventually = async <T>(
  read: () => Promise<T> | T,
  accept: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > deadline) {
      throw new ConditionTimeoutError(
        `condition not met in ${timeoutMs} ms; last value: ${JSON.stringify(value)}`,
      );
    }
    await sleep(50);
  }
};
