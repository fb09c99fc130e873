import { conflictWaitWindowMs } from '../../../shared/use-cases/mention-triage';

describe('conflictWaitWindowMs', () => {
  it('starts at 100 ms and doubles with each conflict', () => {
    expect([1, 2, 3, 4, 5].map(conflictWaitWindowMs)).toEqual([100, 200, 400, 800, 1600]);
  });

  it('never lets a mention wait more than 2 s between two attempts', () => {
    expect([6, 7, 9, 20].map(conflictWaitWindowMs)).toEqual([2000, 2000, 2000, 2000]);
  });

  it('keeps the nine waits of ten attempts far inside the triage timeout (30 s)', () => {
    const windows = Array.from({ length: 9 }, (_, index) => conflictWaitWindowMs(index + 1));
    expect(windows.reduce((sum, window) => sum + window, 0)).toBe(11_100);
  });
});
