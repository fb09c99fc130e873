/**
 * `responder alert test` against the local runtime, as an operator runs it after a deploy: the
 * synthetic escalation goes through the bus, the channel's rule and the real notifier.
 */
import { main } from '../../scripts/cli/main';
import { API_TOKEN, useLocalRuntime } from './support';

describe('responder alert test', () => {
  const local = useLocalRuntime();

  const run = async (...args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(
      ['alert', 'test', '--url', local.runtime.url, '--token', API_TOKEN, ...args],
      { out: (text) => out.push(text), err: (text) => err.push(text), status: () => {}, env: {} },
    );
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  it.each(['slack', 'pagerduty', 'webhook'] as const)(
    'reports a test alert to %s delivered once the sink received it',
    async (channel) => {
      const result = await run('--channel', channel, '--timeout-seconds', '30');
      expect(result).toMatchObject({
        code: 0,
        out: expect.stringContaining(`delivered to ${channel}`),
        err: '',
      });
      const testId = /test alert (alert-test-[0-9a-f-]+)/.exec(result.out)?.[1] ?? '';
      const received = local.runtime.sink.alerts.filter(
        (alert) => alert.channel === channel && JSON.stringify(alert.body).includes(testId),
      );
      expect(received).toHaveLength(1);
    },
  );

  it('reports why the SNS channel failed when no topic is configured', async () => {
    const result = await run('--channel', 'sns', '--timeout-seconds', '30');
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/to sns failed: .*channels\.sns\.topicArn/);
  });

  it('refuses a channel that does not exist', async () => {
    const result = await run('--channel', 'carrier-pigeon');
    expect(result.code).toBe(1);
    expect(result.err).toContain('--channel must be one of slack, pagerduty, sns, webhook');
  });
});
