import { setTimeout as sleep } from 'node:timers/promises';
import { runInLanes } from '../../../shared/use-cases/author-lanes';

describe('runInLanes', () => {
  it('runs the items of one lane in order and different lanes side by side', async () => {
    const log: string[] = [];
    let running = 0;
    let mostAtOnce = 0;
    const items = ['a1', 'b1', 'a2', 'c1', 'a3', 'b2'];
    await runInLanes(
      items,
      (item) => item.slice(0, 1),
      async (item) => {
        running += 1;
        mostAtOnce = Math.max(mostAtOnce, running);
        // The first item of a lane is the slowest: a lane that did not wait would overtake it.
        await sleep(item.endsWith('1') ? 30 : 1);
        log.push(item);
        running -= 1;
      },
    );
    const lane = (name: string) => log.filter((item) => item.startsWith(name));
    expect(lane('a')).toEqual(['a1', 'a2', 'a3']);
    expect(lane('b')).toEqual(['b1', 'b2']);
    expect(mostAtOnce).toBe(3);
  });
});
