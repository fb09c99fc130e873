/**
 * `npm run demo` against a running runtime: on a fast clock it waits the deadline out in real
 * time and sees the escalation; on a real-time clock it says how fast a clock would show one; and
 * it counts only its own cases, whatever the runtime already holds.
 */
import { randomUUID } from 'node:crypto';
import { LocalClock } from '../../infra/local/clock';
import { type LocalRuntime, startLocalRuntime } from '../../infra/local/runtime';
import { runDemo } from '../../scripts/demo';
import { TEST_SECRETS } from '../support/signed-webhooks';
import { freshGenericHeaders } from './support';

const TOKEN = 'demo-operator-token';

const useRuntimeAt = (rate: number) => {
  let runtime: LocalRuntime | undefined;
  beforeAll(async () => {
    runtime = await startLocalRuntime({
      inMemory: true,
      clock: new LocalClock({ rate }),
      env: { ...TEST_SECRETS, CASES_API_TOKEN: TOKEN },
    });
  }, 120_000);
  afterAll(async () => runtime?.stop(), 30_000);
  return () => {
    if (!runtime) throw new Error('the runtime is not running');
    return {
      url: runtime.url,
      webhookSecrets: TEST_SECRETS.GENERIC_WEBHOOK_SECRETS,
      operatorToken: TOKEN,
      clockRate: rate,
    };
  };
};

/** A case that was there before the demo: someone else's complaint. */
const postStaleComplaint = async (url: string) => {
  const body = JSON.stringify({
    type: 'mention.created',
    timestamp: new Date().toISOString(),
    data: {
      id: `stale-${randomUUID()}`,
      source: 'generic',
      text: 'My parcel is lost and nobody answers, I want my money back!',
      author: { id: 'stale-customer', handle: 'stale_customer' },
      createdAt: new Date().toISOString(),
    },
  });
  const response = await fetch(`${url}/webhooks/generic`, {
    method: 'POST',
    headers: freshGenericHeaders(body),
    body,
  });
  expect(response.status).toBe(200);
};

describe('npm run demo on a fast clock (×120)', () => {
  const target = useRuntimeAt(120);

  it('shows only its own cases, times the deadline in real seconds and sees the escalation', async () => {
    await postStaleComplaint(target().url);
    const lines: string[] = [];
    const code = await runDemo(target(), (line) => lines.push(line));
    const output = lines.join('\n');

    expect(code).toBe(0);
    expect(output).toContain('Cases opened (4;');
    expect(output).not.toContain('@stale_customer');
    // A deadline is told in business minutes and in the real seconds they take at ×120.
    expect(output).toMatch(/due in \d+ business min \(\d+ s real at ×120\)/);
    const wait = /Waiting for the first deadline \(about (\d+) s at clock ×120\)/.exec(output);
    expect(Number(wait?.[1])).toBeLessThan(60);
    expect(output).not.toContain('restart with');
    expect(output).toContain('Escalated');
  }, 120_000);
});

describe('npm run demo on a real-time clock', () => {
  const target = useRuntimeAt(1);

  it('does not wait, and names a clock rate that would show the escalation', async () => {
    const lines: string[] = [];
    const code = await runDemo(target(), (line) => lines.push(line));
    const output = lines.join('\n');

    expect(code).toBe(0);
    expect(output).toContain('Cases opened (4;');
    expect(output).toMatch(/due in 1[45] min/);
    expect(output).toMatch(/restart with a faster clock: CLOCK_RATE=\d+ npm start/);
    expect(output).not.toContain('Waiting for the first deadline');
  }, 60_000);
});
