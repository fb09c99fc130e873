/**
 * The Slack and PagerDuty stand-ins refuse what the services refuse: Slack incoming webhooks about
 * one message a second with short bursts, then HTTP 429 with Retry-After in seconds (Slack's rate
 * limits page); PagerDuty Events API v2 about 120 events a minute per routing key over the last
 * 60 s, then 429 (PagerDuty's Events API rate limits page).
 */
import { type AlertSink, DOCUMENTED_LIMITS, startAlertSink } from '../../../infra/local/alert-sink';

let sink: AlertSink;
beforeEach(async () => {
  sink = await startAlertSink();
});
afterEach(async () => sink.stop());

const post = (url: string, body: unknown) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('alert sink rate limits', () => {
  it('takes a short Slack burst, then answers 429 with Retry-After, then takes one again a second later', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let index = 0; index < DOCUMENTED_LIMITS.slackBurst + 2; index += 1) {
      const response = await post(sink.urlOf('slack'), { text: `message ${index}` });
      statuses.push(response.status);
      if (response.status === 429) retryAfter = response.headers.get('retry-after');
    }
    expect(statuses.slice(0, DOCUMENTED_LIMITS.slackBurst).every((status) => status === 200)).toBe(
      true,
    );
    expect(statuses.at(-1)).toBe(429);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    await new Promise((resolve) => setTimeout(resolve, Number(retryAfter) * 1000));
    expect((await post(sink.urlOf('slack'), { text: 'after the wait' })).status).toBe(200);
    expect(sink.alerts).toHaveLength(DOCUMENTED_LIMITS.slackBurst + 1);
  });

  it('takes 120 PagerDuty events a minute per routing key and refuses the 121st with 429', async () => {
    const event = (routingKey: string, index: number) => ({
      routing_key: routingKey,
      event_action: 'trigger',
      dedup_key: `key-${index}`,
      payload: { summary: 'CPU above 90%', source: 'web-01', severity: 'critical' },
    });
    const statuses = await Promise.all(
      Array.from({ length: 121 }, (_, index) =>
        post(sink.urlOf('pagerduty'), event('R1', index)).then((response) => response.status),
      ),
    );
    expect(statuses.filter((status) => status === 202)).toHaveLength(120);
    expect(statuses.filter((status) => status === 429)).toHaveLength(1);
    // Another integration key has its own limit.
    expect((await post(sink.urlOf('pagerduty'), event('R2', 0))).status).toBe(202);
  });
});
