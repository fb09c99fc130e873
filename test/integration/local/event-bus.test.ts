import { setTimeout as sleep } from 'node:timers/promises';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { LocalClock } from '../../../infra/local/clock';
import { type EventBus, startEventBus } from '../../../infra/local/event-bus';
import { LOCAL_CREDENTIALS } from '../../../infra/local/ports';
import { EVENT_RULES, type EventRuleSpec, type TargetInput } from '../../../infra/topology';
import type { BusEvent, NotifierInvocation } from '../../../shared/contracts/events';
import { startTestQueues, type TestQueues } from '../../support/emulators';

const BUS = 'social-responder-test';
const breachDetail = { caseId: 'case-1', level: 1, channels: ['slack'], priority: 'P1' };

/** Rules on a test-only detail-type, one per kind of target input. */
const inputRule = (name: string, input: TargetInput): EventRuleSpec => ({
  name,
  description: `target input ${name}`,
  pattern: { 'detail-type': ['Input Check'] },
  target: { function: 'notifier', channel: name, input },
});
const INPUT_RULES = [
  inputRule('input-transformer', {
    kind: 'transformer',
    inputPathsMap: { caseId: '$.detail.caseId' },
    inputTemplate:
      '{"channel":"input-transformer","caseId":<caseId>,"rule":<aws.events.rule-name>,"ruleArn":<aws.events.rule-arn>,"at":<aws.events.event.ingestion-time>,"event":<aws.events.event>}',
  }),
  inputRule('input-path', { kind: 'path', inputPath: '$.detail' }),
  inputRule('input-event', { kind: 'event' }),
];
const inputs: unknown[] = [];

describe('startEventBus', () => {
  let queues: TestQueues;
  let bus: EventBus;
  let client: EventBridgeClient;
  const invocations: NotifierInvocation[] = [];
  const ruleArn = (name: string) => `arn:aws:events:us-east-1:123456789012:rule/${BUS}/${name}`;
  const seen: BusEvent[] = [];
  let failures = 0;

  beforeAll(async () => {
    queues = await startTestQueues();
    bus = await startEventBus({
      busName: BUS,
      rules: [...EVENT_RULES, ...INPUT_RULES],
      clock: new LocalClock({ rate: 0, start: new Date('2026-03-02T09:30:00.000Z') }),
      retryDelaysMs: [10, 20],
      deadLetter: { client: queues.client, queueUrl: queues.queueUrls.notifyDlq },
      notifier: async (payload) => {
        const invocation = payload as NotifierInvocation;
        const fields = payload as Record<string, unknown>;
        if (
          fields['detail-type'] === 'Input Check' ||
          String(fields.channel).startsWith('input-')
        ) {
          inputs.push(payload);
          return;
        }
        invocations.push(invocation);
        if (failures > 0) {
          failures -= 1;
          throw new Error('Slack answered 500');
        }
      },
    });
    bus.subscribe((event) => seen.push(event));
    client = new EventBridgeClient({
      endpoint: bus.endpoint,
      region: 'us-east-1',
      credentials: LOCAL_CREDENTIALS,
    });
  });
  afterAll(async () => {
    client.destroy();
    await bus.stop();
    await queues.stop();
  });
  beforeEach(() => {
    invocations.length = 0;
    inputs.length = 0;
    seen.length = 0;
    failures = 0;
  });

  const put = (detailType: string, detail: unknown, busName = BUS) =>
    client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: busName,
            Source: 'social-responder',
            DetailType: detailType,
            Detail: JSON.stringify(detail),
          },
        ],
      }),
    );

  it('accepts PutEvents from the SDK and wraps each entry into an event', async () => {
    const result = await put('Case SLA Breached', breachDetail);
    expect(result.FailedEntryCount).toBe(0);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toEqual({
      version: '0',
      id: result.Entries?.[0]?.EventId,
      'detail-type': 'Case SLA Breached',
      source: 'social-responder',
      account: '123456789012',
      time: '2026-03-02T09:30:00Z',
      region: 'us-east-1',
      resources: [],
      detail: breachDetail,
    });
  });

  it('invokes the notifier with the channel of every matching rule', async () => {
    await put('Case SLA Breached', { ...breachDetail, channels: ['slack', 'pagerduty'] });
    await bus.settled();
    expect(invocations.map((invocation) => invocation.channel).sort()).toEqual([
      'pagerduty',
      'slack',
    ]);
    expect(invocations[0]?.event.detail).toEqual({
      ...breachDetail,
      channels: ['slack', 'pagerduty'],
    });
  });

  it('hands each target the input its rule defines, as EventBridge does', async () => {
    const detail = { caseId: 'case-9', channel: 'input-path' };
    const result = await put('Input Check', detail);
    await bus.settled();
    const event = seen[0];
    const { detail: _detail, ...withoutDetail } = event ?? {};
    expect(inputs).toHaveLength(3);
    expect(inputs).toEqual(
      expect.arrayContaining([
        {
          channel: 'input-transformer',
          caseId: 'case-9',
          rule: 'input-transformer',
          ruleArn: ruleArn('input-transformer'),
          at: '2026-03-02T09:30:00.000Z',
          event: withoutDetail,
        },
        detail,
        { ...event, detail },
      ]),
    );
    expect(event?.id).toBe(result.Entries?.[0]?.EventId);
  });

  it('invokes nothing for an event no rule matches', async () => {
    await put('Case Opened', { caseId: 'case-2' });
    await bus.settled();
    expect(seen).toHaveLength(1);
    expect(invocations).toHaveLength(0);
  });

  it('retries a failing notifier twice and succeeds on the last attempt', async () => {
    failures = 2;
    await put('Case SLA Breached', breachDetail);
    await bus.settled();
    expect(invocations).toHaveLength(3);
    const { Messages } = await queues.client.send(
      new ReceiveMessageCommand({ QueueUrl: queues.queueUrls.notifyDlq, WaitTimeSeconds: 0 }),
    );
    expect(Messages ?? []).toHaveLength(0);
  });

  it('sends the invocation to the notify DLQ when every attempt fails', async () => {
    failures = 3;
    const result = await put('Case SLA Breached', breachDetail);
    await bus.settled();
    expect(invocations).toHaveLength(3);
    const { Messages } = await queues.client.send(
      new ReceiveMessageCommand({
        QueueUrl: queues.queueUrls.notifyDlq,
        WaitTimeSeconds: 1,
        MessageAttributeNames: ['All'],
      }),
    );
    expect(Messages).toHaveLength(1);
    const dead = JSON.parse(Messages?.[0]?.Body ?? '{}') as NotifierInvocation;
    expect(dead).toMatchObject({ channel: 'slack', event: { id: result.Entries?.[0]?.EventId } });
    expect(Messages?.[0]?.MessageAttributes?.ErrorMessage?.StringValue).toBe('Slack answered 500');
  });

  it('fails an entry whose detail is not a JSON object', async () => {
    const result = await client.send(
      new PutEventsCommand({
        Entries: [{ EventBusName: BUS, Source: 's', DetailType: 't', Detail: 'not json' }],
      }),
    );
    expect(result.FailedEntryCount).toBe(1);
    expect(result.Entries?.[0]?.ErrorCode).toBe('MalformedDetail');
    expect(seen).toHaveLength(0);
  });

  it('drops events put on another bus, as EventBridge does', async () => {
    const result = await put('Case SLA Breached', breachDetail, 'some-other-bus');
    await sleep(20);
    expect(result.FailedEntryCount).toBe(0);
    expect(seen).toHaveLength(0);
    expect(invocations).toHaveLength(0);
  });
});
