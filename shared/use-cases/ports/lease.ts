/** One holder at a time, across every instance of every function. */
export interface Lease {
  /**
   * Runs `work` while holding the lease `name`, waiting for it while another holder has it.
   * A holder that stops without releasing it loses it after the lease's time. Throws
   * LeaseUnavailableError when another holder kept it longer than this lease waits.
   */
  hold<T>(name: string, work: () => Promise<T>): Promise<T>;
}

/** Another holder kept the lease longer than the caller would wait. */
export class LeaseUnavailableError extends Error {
  override name = 'LeaseUnavailableError';
}
