/**
 * Every event rule of the synthesized template, read as EventBridge reads it: the rule's pattern
 * matches the events it is meant for, and the input its target renders (as the EventBridge user
 * guide documents input transformation) is handed to the real notifier handler, which must parse
 * it and deliver the alert.
 */
import { join } from 'node:path';
import { createNotifierHandler } from '../../functions/notifier';
import { REPOSITORY_ROOT } from '../../infra/aws/constructs/responder-function';
import { type AlertSink, startAlertSink } from '../../infra/local/alert-sink';
import { LocalClock } from '../../infra/local/clock';
import {
  createCaseTable,
  type DynamoDbLocal,
  localDynamoDbClient,
  startDynamoDbLocal,
} from '../../infra/local/dynamodb';
import { compileEventPattern } from '../../infra/local/event-pattern';
import { resolveLocalSettings } from '../../infra/local/settings';
import { renderTargetInput } from '../../infra/local/target-input';
import { EVENT_RULES } from '../../infra/topology';
import { ChannelNotConfiguredError } from '../../shared/adapters/alerts/channel-secret';
import type { BusEvent } from '../../shared/contracts/events';
import { secretsFromMap } from '../../shared/contracts/secrets';
import { incidentOpenedEvent } from '../fixtures/escalation/incident-opened';
import { caseRespondedEvent, slaBreachedEvent } from '../fixtures/escalation/sla-breached';
import { synthStack } from '../support/synth-stack';
import { rulesFromTemplate } from '../support/template-rules';

const candidates: BusEvent[] = [
  ...['slack', 'pagerduty', 'sns', 'webhook'].map((channel) =>
    slaBreachedEvent({ channels: [channel] }),
  ),
  caseRespondedEvent(true),
  ...['slack', 'pagerduty', 'sns', 'webhook'].map((channel) =>
    incidentOpenedEvent({ channels: [channel] }),
  ),
];

let rules: ReturnType<typeof rulesFromTemplate>;
let sink: AlertSink;
let dynamoDb: DynamoDbLocal;
let notifier: (payload: unknown) => Promise<void>;
const saved = { ...process.env };

beforeAll(async () => {
  const { template } = synthStack({
    configPath: join(REPOSITORY_ROOT, 'config', 'example.json'),
    skipBundling: true,
  });
  rules = rulesFromTemplate(template.toJSON());
  sink = await startAlertSink();
  // The notifier's table (channel pacing, the timeline) in DynamoDB Local.
  dynamoDb = await startDynamoDbLocal({ startTimeoutMs: 150_000 });
  const tableClient = localDynamoDbClient(dynamoDb.endpoint);
  await createCaseTable(tableClient, 'cases');
  tableClient.destroy();
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: dynamoDb.endpoint,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_MAX_ATTEMPTS: '1',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
  });
  const settings = resolveLocalSettings({ env: {}, sinkUrl: sink.url });
  notifier = createNotifierHandler({
    env: {
      TABLE_NAME: 'cases',
      MENTION_QUEUE_URL: 'unused',
      EVENT_BUS_NAME: 'unused',
      AWS_REGION: 'eu-west-1',
    },
    config: settings.config,
    clock: new LocalClock({ rate: 0, start: new Date('2026-05-04T09:27:01.000Z') }),
    secrets: secretsFromMap(settings.secrets),
  });
}, 180_000);

afterAll(async () => {
  process.env = saved;
  await sink.stop();
  await dynamoDb.stop();
});

describe('escalation rules in the template', () => {
  it('has one rule with a pattern per topology rule', () => {
    expect(rules).toHaveLength(EVENT_RULES.length);
  });

  it.each(EVENT_RULES.map((spec) => [spec.name, spec] as const))(
    '%s hands the notifier an input it parses and delivers',
    async (_name, spec) => {
      const rule = rules.find(
        (candidate) => JSON.stringify(candidate.pattern) === JSON.stringify(spec.pattern),
      );
      if (!rule) throw new Error(`no rule in the template has the pattern of ${spec.name}`);
      const matches = compileEventPattern(rule.pattern);
      const event = candidates.find((candidate) => matches(candidate));
      if (!event) throw new Error(`no example event matches ${spec.name}`);

      const input = renderTargetInput(rule.target.input, event, {
        ruleArn: `arn:aws:events:eu-west-1:123456789012:rule/social-responder-prod/${rule.name}`,
        ruleName: rule.name,
        ingestionTime: new Date('2026-05-04T09:27:01.000Z'),
      });
      const payload = JSON.parse(input);
      const before = sink.alerts.length;
      if (spec.target.channel === 'sns') {
        // No topic in the example configuration: the notifier reached the delivery step.
        await expect(notifier(payload)).rejects.toBeInstanceOf(ChannelNotConfiguredError);
        return;
      }
      await notifier(payload);
      expect(sink.alerts.slice(before).map((alert) => alert.channel)).toEqual([
        spec.target.channel,
      ]);
    },
  );
});
