import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalSettingsError, resolveLocalSettings } from '../../../infra/local/settings';
import { ConfigError } from '../../../shared/domain/config/responder-config';

const SINK = 'http://127.0.0.1:4999';

describe('resolveLocalSettings', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'responder-settings-'));
  });
  afterEach(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it('points every channel without a target at the local sink', () => {
    const settings = resolveLocalSettings({ env: {}, sinkUrl: SINK });
    expect(settings.sinkChannels).toEqual(['slack', 'pagerduty', 'webhook']);
    expect(settings.secrets.SLACK_WEBHOOK_URL).toBe(`${SINK}/slack`);
    expect(settings.config.channels.pagerduty.eventsUrl).toBe(`${SINK}/pagerduty`);
    expect(settings.config.channels.webhook.url).toBe(`${SINK}/webhook`);
    expect(settings.secrets.PAGERDUTY_ROUTING_KEY).toEqual(expect.any(String));
    expect(settings.secrets.ESCALATION_WEBHOOK_SECRET).toMatch(/^whsec_/);
  });

  it('refuses to start when PagerDuty events go to a real URL without a routing key', () => {
    const resolve = () =>
      resolveLocalSettings({
        sinkUrl: SINK,
        env: { PAGERDUTY_EVENTS_URL: 'https://events.pagerduty.com/v2/enqueue' },
      });
    expect(resolve).toThrow(LocalSettingsError);
    expect(resolve).toThrow(/PAGERDUTY_ROUTING_KEY is missing/);
  });

  it('uses the targets and secrets given in the environment', () => {
    const settings = resolveLocalSettings({
      sinkUrl: SINK,
      env: {
        SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T000/B000/XXXX',
        PAGERDUTY_EVENTS_URL: 'https://events.eu.pagerduty.com/v2/enqueue',
        PAGERDUTY_ROUTING_KEY: 'R0UTINGKEY',
        ESCALATION_WEBHOOK_URL: 'https://ops.example.com/hooks/responder',
        CASES_API_TOKEN: 'given-token',
      },
    });
    expect(settings.sinkChannels).toEqual([]);
    expect(settings.secrets).toMatchObject({
      SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T000/B000/XXXX',
      PAGERDUTY_ROUTING_KEY: 'R0UTINGKEY',
      CASES_API_TOKEN: 'given-token',
    });
    expect(settings.config.channels.pagerduty.eventsUrl).toBe(
      'https://events.eu.pagerduty.com/v2/enqueue',
    );
    expect(settings.config.channels.webhook.url).toBe('https://ops.example.com/hooks/responder');
    expect(settings.generated).toEqual(['GENERIC_WEBHOOK_SECRETS']);
  });

  it('generates the webhook secret and API token once and keeps them in the given file', () => {
    const file = join(directory, 'dev-secrets.json');
    const first = resolveLocalSettings({ env: {}, sinkUrl: SINK, generatedSecretsFile: file });
    const second = resolveLocalSettings({ env: {}, sinkUrl: SINK, generatedSecretsFile: file });
    expect(first.generated).toEqual(['GENERIC_WEBHOOK_SECRETS', 'CASES_API_TOKEN']);
    expect(first.secrets.GENERIC_WEBHOOK_SECRETS).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(second.secrets.GENERIC_WEBHOOK_SECRETS).toBe(first.secrets.GENERIC_WEBHOOK_SECRETS);
    expect(second.secrets.CASES_API_TOKEN).toBe(first.secrets.CASES_API_TOKEN);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      GENERIC_WEBHOOK_SECRETS: first.secrets.GENERIC_WEBHOOK_SECRETS,
      CASES_API_TOKEN: first.secrets.CASES_API_TOKEN,
    });
  });

  it('reads the configuration file named by RESPONDER_CONFIG', () => {
    const file = join(directory, 'responder.json');
    writeFileSync(file, JSON.stringify({ stage: 'dev', retention: { mentionTextDays: 30 } }));
    const settings = resolveLocalSettings({ env: { RESPONDER_CONFIG: file }, sinkUrl: SINK });
    expect(settings.config.stage).toBe('dev');
    expect(settings.config.retention.mentionTextDays).toBe(30);
  });

  it('names the file when RESPONDER_CONFIG is not JSON', () => {
    const file = join(directory, 'broken.json');
    writeFileSync(file, 'stage: dev');
    const resolve = () => resolveLocalSettings({ env: { RESPONDER_CONFIG: file }, sinkUrl: SINK });
    expect(resolve).toThrow(LocalSettingsError);
    expect(resolve).toThrow(`RESPONDER_CONFIG: cannot read ${file} as JSON`);
  });

  it('names the bad field of an invalid configuration', () => {
    const file = join(directory, 'invalid.json');
    writeFileSync(file, JSON.stringify({ stage: 'Not A Stage!' }));
    const resolve = () => resolveLocalSettings({ env: { RESPONDER_CONFIG: file }, sinkUrl: SINK });
    expect(resolve).toThrow(ConfigError);
    expect(resolve).toThrow(/stage:/);
  });

  it('refuses an escalation level that notifies sns when no topic is configured, naming the level', () => {
    const file = join(directory, 'example.json');
    writeFileSync(file, readFileSync(join(__dirname, '../../../config/example.json'), 'utf8'));
    const resolve = () => resolveLocalSettings({ env: { RESPONDER_CONFIG: file }, sinkUrl: SINK });
    expect(resolve).toThrow(LocalSettingsError);
    expect(resolve).toThrow(
      `sla.policies.0.escalation.levels.2 (policy standard, level 3) notifies sns, but channels.sns.topicArn is not set`,
    );
  });

  it('accepts an sns level once channels.sns.topicArn names a topic', () => {
    const example = JSON.parse(
      readFileSync(join(__dirname, '../../../config/example.json'), 'utf8'),
    ) as Record<string, unknown>;
    const file = join(directory, 'with-topic.json');
    const topicArn = 'arn:aws:sns:eu-west-1:123456789012:oncall';
    writeFileSync(file, JSON.stringify({ ...example, channels: { sns: { topicArn } } }));
    const settings = resolveLocalSettings({ env: { RESPONDER_CONFIG: file }, sinkUrl: SINK });
    expect(settings.config.channels.sns.topicArn).toBe(topicArn);
  });
});
