import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { UNSET_SECRET_VALUE } from '../../shared/contracts/secrets';
import { awsRuntimeContext, CONFIG_FILE_NAME } from '../../shared/runtime/aws-context';

const SLACK_ARN =
  'arn:aws:secretsmanager:eu-west-1:123456789012:secret:social-responder-prod/SLACK_WEBHOOK_URL-AbCdEf';

/** A function's code directory holding the configuration file the stack bundles. */
const taskRoot = (configText: string): string => {
  const directory = mkdtempSync(join(tmpdir(), 'task-root-'));
  writeFileSync(join(directory, CONFIG_FILE_NAME), configText);
  return directory;
};

const bundledConfig = JSON.stringify({
  stage: 'prod',
  brands: [{ id: 'acme', name: 'Acme Outdoor' }],
  channels: { sns: { topicArn: 'arn:aws:sns:eu-west-1:123456789012:alerts' } },
});

/** The environment the stack gives a function (see infra/aws/constructs/product-functions.ts). */
const stackEnvironment = (overrides: Record<string, string> = {}) => ({
  TABLE_NAME: 'Responder-CasesTable7FA77C7D-1A2B3C4D5E6F',
  MENTION_QUEUE_URL:
    'https://sqs.eu-west-1.amazonaws.com/123456789012/social-responder-prod-mentions',
  EVENT_BUS_NAME: 'social-responder-prod',
  NOTIFY_DLQ_URL:
    'https://sqs.eu-west-1.amazonaws.com/123456789012/social-responder-prod-notify-dlq',
  AWS_REGION: 'eu-west-1',
  LAMBDA_TASK_ROOT: taskRoot(bundledConfig),
  SECRET_ARNS: JSON.stringify({ SLACK_WEBHOOK_URL: SLACK_ARN }),
  ...overrides,
});

const secretsManager = mockClient(SecretsManagerClient);

afterEach(() => secretsManager.reset());

describe('awsRuntimeContext', () => {
  it('reads resource names and the configuration the stack wrote', () => {
    const context = awsRuntimeContext(stackEnvironment());
    expect(context.env.EVENT_BUS_NAME).toBe('social-responder-prod');
    expect(context.config.stage).toBe('prod');
    expect(context.config.brands.map((brand) => brand.id)).toEqual(['acme']);
    expect(context.config.channels.sns.topicArn).toBe('arn:aws:sns:eu-west-1:123456789012:alerts');
  });

  it('fetches a secret by its ARN once and serves it from the cache afterwards', async () => {
    secretsManager
      .on(GetSecretValueCommand, { SecretId: SLACK_ARN })
      .resolves({ SecretString: 'https://hooks.slack.com/services/T000/B000/XXXX' });
    const { secrets } = awsRuntimeContext(stackEnvironment());
    expect(await secrets.get('SLACK_WEBHOOK_URL')).toBe(
      'https://hooks.slack.com/services/T000/B000/XXXX',
    );
    expect(await secrets.get('SLACK_WEBHOOK_URL')).toBe(
      'https://hooks.slack.com/services/T000/B000/XXXX',
    );
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('answers undefined, without calling Secrets Manager, for a secret the function was not given', async () => {
    const { secrets } = awsRuntimeContext(stackEnvironment());
    expect(await secrets.get('PAGERDUTY_ROUTING_KEY')).toBeUndefined();
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(0);
  });

  it('reads a secret that still holds the stack’s placeholder as not configured', async () => {
    const placeholderArn = `${SLACK_ARN}-placeholder`;
    secretsManager
      .on(GetSecretValueCommand, { SecretId: placeholderArn })
      .resolves({ SecretString: UNSET_SECRET_VALUE });
    const { secrets } = awsRuntimeContext(
      stackEnvironment({ SECRET_ARNS: JSON.stringify({ SLACK_WEBHOOK_URL: placeholderArn }) }),
    );
    expect(await secrets.get('SLACK_WEBHOOK_URL')).toBeUndefined();
  });

  it('names the bundled configuration file when it is not JSON', () => {
    const root = taskRoot('{"stage":');
    expect(() => awsRuntimeContext(stackEnvironment({ LAMBDA_TASK_ROOT: root }))).toThrow(
      `${join(root, CONFIG_FILE_NAME)} is not valid JSON`,
    );
  });

  it('says so when the configuration file is not in the bundle', () => {
    const root = mkdtempSync(join(tmpdir(), 'task-root-'));
    expect(() => awsRuntimeContext(stackEnvironment({ LAMBDA_TASK_ROOT: root }))).toThrow(
      `cannot read the configuration bundled at ${join(root, CONFIG_FILE_NAME)}`,
    );
  });

  it('publishes SNS alerts to the topic the stack names in ALERT_TOPIC_ARN', () => {
    const topicArn = 'arn:aws:sns:eu-west-1:123456789012:social-responder-prod-AlertTopic';
    const context = awsRuntimeContext(stackEnvironment({ ALERT_TOPIC_ARN: topicArn }));
    expect(context.config.channels.sns.topicArn).toBe(topicArn);
  });

  it('links alerts to the console in CONSOLE_URL unless the configuration names a public URL', () => {
    const consoleUrl = 'https://d111111abcdef8.cloudfront.net';
    expect(awsRuntimeContext(stackEnvironment({ CONSOLE_URL: consoleUrl })).config.publicUrl).toBe(
      consoleUrl,
    );
    const configured = taskRoot('{"publicUrl":"https://support.example.com"}');
    expect(
      awsRuntimeContext(stackEnvironment({ LAMBDA_TASK_ROOT: configured, CONSOLE_URL: consoleUrl }))
        .config.publicUrl,
    ).toBe('https://support.example.com');
  });

  it('names the bad field when the configuration is invalid', () => {
    expect(() =>
      awsRuntimeContext(stackEnvironment({ LAMBDA_TASK_ROOT: taskRoot('{"stage":"Prod Stage"}') })),
    ).toThrow(/responder-config.json is invalid:\n\s+stage:/);
  });

  it('names the secret whose ARN is malformed', () => {
    expect(() =>
      awsRuntimeContext(stackEnvironment({ SECRET_ARNS: '{"SLACK_WEBHOOK_URL":"hooks"}' })),
    ).toThrow(/SECRET_ARNS is invalid: SLACK_WEBHOOK_URL:/);
  });

  it('names the missing resource variable', () => {
    const { TABLE_NAME: _missing, ...environment } = stackEnvironment();
    expect(() => awsRuntimeContext(environment)).toThrow(/TABLE_NAME/);
  });
});
