import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Logger } from '@aws-lambda-powertools/logger';
import { SNSClient } from '@aws-sdk/client-sns';
import { AlertDispatcher } from '../../../shared/adapters/alert-routing/alert-dispatcher';
import { ChannelNotConfiguredError } from '../../../shared/adapters/alerts/channel-secret';
import { PagerDutyNotifier } from '../../../shared/adapters/pagerduty/pagerduty-notifier';
import { SlackNotifier } from '../../../shared/adapters/slack/slack-notifier';
import { SnsNotifier } from '../../../shared/adapters/sns/sns-notifier';
import { WebhookNotifier } from '../../../shared/adapters/webhook/webhook-notifier';
import type { TimelineEntry } from '../../../shared/contracts/case';
import { secretsFromMap } from '../../../shared/contracts/secrets';
import {
  caseRespondedEvent,
  slaBreachedDetail,
  slaBreachedEvent,
} from '../../fixtures/escalation/sla-breached';

const WEBHOOK_SECRET = `whsec_${Buffer.from('escalation-signing-key-0123456789').toString('base64')}`;
const NOW = new Date('2026-05-04T09:27:01.000Z');

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

let received: Received[] = [];
let statusOf: (path: string) => number = () => 200;
let baseUrl = '';
const server = createServer(async (request, response) => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  received.push({ path: request.url ?? '', headers: request.headers, body: JSON.parse(text) });
  response.writeHead(statusOf(request.url ?? ''), { 'content-type': 'text/plain' });
  response.end('ok');
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const noWait = { sleep: async () => undefined };

const dispatcherWith = (secrets: Record<string, string>) => {
  const timeline: { caseId: string; entry: TimelineEntry }[] = [];
  const secretSource = secretsFromMap(secrets);
  const dispatcher = new AlertDispatcher({
    notifiers: {
      slack: new SlackNotifier(secretSource, noWait),
      pagerduty: new PagerDutyNotifier(`${baseUrl}/pagerduty`, secretSource, noWait),
      sns: new SnsNotifier(new SNSClient({ region: 'eu-west-1' }), undefined),
      webhook: new WebhookNotifier(`${baseUrl}/webhook`, secretSource, noWait),
    },
    store: {
      appendTimeline: async (caseId, entry) => {
        timeline.push({ caseId, entry });
      },
    },
    publicUrl: 'https://responder.acme.example',
    logger: new Logger({ serviceName: 'notifier-test', logLevel: 'SILENT' }),
  });
  return { dispatcher, timeline };
};

const configured = {
  SLACK_WEBHOOK_URL: '',
  PAGERDUTY_ROUTING_KEY: 'R0UT1NGKEY0000000000000000000000',
  ESCALATION_WEBHOOK_SECRET: WEBHOOK_SECRET,
};

beforeEach(() => {
  received = [];
  statusOf = () => 200;
  configured.SLACK_WEBHOOK_URL = `${baseUrl}/slack`;
});

describe('AlertDispatcher', () => {
  it('posts a breach to Slack and records the delivery on the case', async () => {
    const { dispatcher, timeline } = dispatcherWith(configured);
    const outcome = await dispatcher.dispatch({ channel: 'slack', event: slaBreachedEvent() }, NOW);
    expect(outcome).toEqual({ status: 'delivered', caseId: slaBreachedDetail.caseId });
    expect(received.map((request) => request.path)).toEqual(['/slack']);
    expect(JSON.stringify(received[0]?.body)).toContain('"action_id":"acknowledge"');
    expect(timeline).toEqual([
      {
        caseId: slaBreachedDetail.caseId,
        entry: {
          at: NOW.toISOString(),
          type: 'delivered',
          actor: { type: 'system', id: 'notifier' },
          detail: {
            channel: 'slack',
            event: 'Case SLA Breached',
            eventId: slaBreachedEvent().id,
            escalationLevel: 1,
            priority: 'P1',
          },
        },
      },
    ]);
  });

  it('triggers PagerDuty with the routing key and the case id as dedup_key', async () => {
    const { dispatcher } = dispatcherWith(configured);
    await dispatcher.dispatch(
      { channel: 'pagerduty', event: slaBreachedEvent({ level: 2, channels: ['pagerduty'] }) },
      NOW,
    );
    expect(received[0]?.body).toMatchObject({
      routing_key: configured.PAGERDUTY_ROUTING_KEY,
      event_action: 'trigger',
      dedup_key: slaBreachedDetail.caseId,
    });
  });

  it('resolves the incident of a paged case when it is responded to', async () => {
    const { dispatcher } = dispatcherWith(configured);
    await dispatcher.dispatch({ channel: 'pagerduty', event: caseRespondedEvent(true) }, NOW);
    expect(received[0]?.body).toEqual({
      routing_key: configured.PAGERDUTY_ROUTING_KEY,
      event_action: 'resolve',
      dedup_key: slaBreachedDetail.caseId,
    });
  });

  it('sends nothing to PagerDuty for a case that was never paged', async () => {
    const { dispatcher, timeline } = dispatcherWith(configured);
    const outcome = await dispatcher.dispatch(
      { channel: 'pagerduty', event: caseRespondedEvent(false) },
      NOW,
    );
    expect(outcome.status).toBe('skipped');
    expect(received).toEqual([]);
    expect(timeline).toEqual([]);
  });

  it('skips a level routed to a channel it does not name', async () => {
    const { dispatcher } = dispatcherWith(configured);
    const outcome = await dispatcher.dispatch(
      { channel: 'pagerduty', event: slaBreachedEvent() },
      NOW,
    );
    expect(outcome).toEqual({ status: 'skipped', reason: 'level 1 does not name pagerduty' });
  });

  it('signs the escalation webhook the Standard Webhooks way', async () => {
    const { dispatcher } = dispatcherWith(configured);
    const event = slaBreachedEvent({ channels: ['webhook'] });
    await dispatcher.dispatch({ channel: 'webhook', event }, NOW);
    const request = received[0];
    const id = String(request?.headers['webhook-id']);
    const timestamp = String(request?.headers['webhook-timestamp']);
    const key = Buffer.from(WEBHOOK_SECRET.slice('whsec_'.length), 'base64');
    const expected = createHmac('sha256', key)
      .update(`${id}.${timestamp}.${JSON.stringify(request?.body)}`)
      .digest('base64');
    expect(id).toBe(event.id);
    expect(request?.headers['webhook-signature']).toBe(`v1,${expected}`);
    expect(request?.body).toMatchObject({ type: 'case.sla_breached' });
  });

  it('records a refused delivery on the case and throws so Lambda retries it', async () => {
    statusOf = () => 404;
    const { dispatcher, timeline } = dispatcherWith(configured);
    await expect(
      dispatcher.dispatch({ channel: 'slack', event: slaBreachedEvent() }, NOW),
    ).rejects.toThrow('Slack incoming webhook refused the notification (HTTP 404: ok)');
    expect(timeline[0]?.entry).toMatchObject({
      type: 'delivery_failed',
      detail: { channel: 'slack', retryable: false },
    });
  });

  it('names the missing setting when a channel is not configured', async () => {
    const { dispatcher, timeline } = dispatcherWith({});
    await expect(
      dispatcher.dispatch({ channel: 'slack', event: slaBreachedEvent() }, NOW),
    ).rejects.toThrow(ChannelNotConfiguredError);
    await expect(
      dispatcher.dispatch({ channel: 'sns', event: slaBreachedEvent({ channels: ['sns'] }) }, NOW),
    ).rejects.toThrow('the sns channel is not configured: channels.sns.topicArn is not set');
    expect(timeline.map((record) => record.entry.type)).toEqual([
      'delivery_failed',
      'delivery_failed',
    ]);
  });

  it('refuses an event whose detail does not fit its contract', async () => {
    const { dispatcher } = dispatcherWith(configured);
    const broken = { ...slaBreachedEvent(), detail: { caseId: 'c1' } };
    await expect(dispatcher.dispatch({ channel: 'slack', event: broken }, NOW)).rejects.toThrow(
      /does not fit its contract/,
    );
  });

  describe('incident events', () => {
    const incidentEvent = (type: string, channels: string[]) => ({
      version: '0',
      id: `evt-${type}`,
      'detail-type': type,
      source: 'social-responder',
      account: '123456789012',
      time: NOW.toISOString(),
      region: 'eu-west-1',
      resources: [],
      detail: {
        incidentId: 'inc_42',
        brand: 'acme',
        topic: 'urgency:outage',
        status: type === 'Incident Resolved' ? 'resolved' : 'open',
        caseCount: 1280,
        openedAt: '2026-05-04T09:01:00.000Z',
        samples: [
          {
            caseId: 'c_1',
            source: 'x',
            author: 'mallory',
            excerpt: 'app down <!channel> <https://evil.example|your bank>',
          },
        ],
        channels,
        occurredAt: NOW.toISOString(),
      },
    });

    it('posts an incident to Slack with its samples escaped', async () => {
      const { dispatcher, timeline } = dispatcherWith(configured);
      const outcome = await dispatcher.dispatch(
        { channel: 'slack', event: incidentEvent('Incident Grown', ['slack']) },
        NOW,
      );
      expect(outcome).toEqual({ status: 'delivered', incidentId: 'inc_42' });
      const body = JSON.stringify(received[0]?.body);
      expect(body).toContain('Incident: outage');
      expect(body).toContain('1,280 cases since 09:01 UTC');
      expect(body).toContain('&lt;!channel&gt;');
      expect(body).not.toContain('<!channel>');
      expect(timeline).toEqual([]);
    });

    it('triggers and then resolves one PagerDuty alert keyed by the incident', async () => {
      const { dispatcher } = dispatcherWith(configured);
      await dispatcher.dispatch(
        { channel: 'pagerduty', event: incidentEvent('Incident Opened', ['slack', 'pagerduty']) },
        NOW,
      );
      await dispatcher.dispatch(
        { channel: 'pagerduty', event: incidentEvent('Incident Resolved', ['slack', 'pagerduty']) },
        NOW,
      );
      expect(received.map((request) => request.body)).toEqual([
        expect.objectContaining({
          event_action: 'trigger',
          dedup_key: 'incident:inc_42',
          payload: expect.objectContaining({ severity: 'critical', class: 'incident' }),
        }),
        {
          routing_key: configured.PAGERDUTY_ROUTING_KEY,
          event_action: 'resolve',
          dedup_key: 'incident:inc_42',
        },
      ]);
    });

    it('skips a channel the incident event does not name', async () => {
      const { dispatcher } = dispatcherWith(configured);
      const outcome = await dispatcher.dispatch(
        { channel: 'pagerduty', event: incidentEvent('Incident Grown', ['slack']) },
        NOW,
      );
      expect(outcome).toEqual({
        status: 'skipped',
        reason: 'incident inc_42 does not name pagerduty',
      });
      expect(received).toEqual([]);
    });
  });
});
