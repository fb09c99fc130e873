/**
 * Runs the messages of one batch in lanes: messages of the same lane (one author) one after
 * another in batch order, lanes side by side. Two mentions of one customer then never race for
 * the same author item and case, so a burst from one customer costs no cancelled transactions
 * and exhausts no retries, while different customers are still handled in parallel.
 */
export const runInLanes = async <T>(
  items: readonly T[],
  laneOf: (item: T) => string,
  run: (item: T) => Promise<void>,
): Promise<void> => {
  const lanes = new Map<string, T[]>();
  for (const item of items) {
    const lane = laneOf(item);
    lanes.set(lane, [...(lanes.get(lane) ?? []), item]);
  }
  await Promise.all(
    [...lanes.values()].map(async (lane) => {
      for (const item of lane) await run(item);
    }),
  );
};
