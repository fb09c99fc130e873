import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { SECRET_NAMES, type SecretName } from '../../shared/contracts/secrets';
import { parseConfig, type ResponderConfig } from '../../shared/domain/config/responder-config';
import type { SinkChannel } from './alert-sink';

export class LocalSettingsError extends Error {
  override name = 'LocalSettingsError';
}

/** Secrets a developer need not invent: generated on first start and kept with the local data. */
const GENERATED_SECRETS = ['GENERIC_WEBHOOK_SECRETS', 'CASES_API_TOKEN'] as const;
type GeneratedSecret = (typeof GENERATED_SECRETS)[number];

const generate: Record<GeneratedSecret, () => string> = {
  GENERIC_WEBHOOK_SECRETS: () => `whsec_${randomBytes(24).toString('base64')}`,
  CASES_API_TOKEN: () => randomBytes(24).toString('base64url'),
};

export interface LocalSettings {
  readonly config: ResponderConfig;
  readonly secrets: Readonly<Partial<Record<SecretName, string>>>;
  /** Secrets that were generated rather than given, so the runtime can print them. */
  readonly generated: readonly SecretName[];
  /** Channels whose target is the local sink because no real one was configured. */
  readonly sinkChannels: readonly SinkChannel[];
}

export interface LocalSettingsInput {
  /** The process environment (secrets, targets, RESPONDER_CONFIG). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Base URL of the local alert sink. */
  readonly sinkUrl: string;
  /** Where generated secrets are kept between starts; nowhere when undefined. */
  readonly generatedSecretsFile?: string;
}

const readConfigFile = (path: string): Record<string, unknown> => {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new LocalSettingsError(`RESPONDER_CONFIG: cannot read ${path} as JSON`, { cause: error });
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new LocalSettingsError(`RESPONDER_CONFIG: ${path} must hold a JSON object`);
  }
  return raw as Record<string, unknown>;
};

const loadGenerated = (file: string | undefined): Partial<Record<GeneratedSecret, string>> => {
  if (!file || !existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Partial<Record<GeneratedSecret, string>>;
  } catch (error) {
    throw new LocalSettingsError(`${file} is not valid JSON; delete it to generate new secrets`, {
      cause: error,
    });
  }
};

/**
 * In AWS the stack creates a topic when `channels.sns.topicArn` is absent; locally nothing does,
 * so an escalation that notifies SNS without a topic would reach nobody, silently.
 */
const refuseSnsWithoutTopic = (config: ResponderConfig, origin: string): void => {
  if (config.channels.sns.topicArn) return;
  const problems = config.sla.policies.flatMap((policy, index) => {
    const at = `sla.policies.${index}.escalation`;
    return [
      ...(policy.escalation.warningChannels.includes('sns')
        ? [`${at}.warningChannels (policy ${policy.id}, warnings)`]
        : []),
      ...policy.escalation.levels.flatMap((level, position) =>
        level.channels.includes('sns')
          ? [`${at}.levels.${position} (policy ${policy.id}, level ${level.level})`]
          : [],
      ),
    ];
  });
  if (problems.length === 0) return;
  throw new LocalSettingsError(
    `${origin} is invalid here: ${problems.join(', ')} ${problems.length === 1 ? 'notifies' : 'notify'} sns, but channels.sns.topicArn is not set and the local runtime has no SNS topic of its own; set channels.sns.topicArn or notify slack, pagerduty or webhook instead`,
  );
};

/**
 * The local runtime's configuration and secrets: the configuration file named by RESPONDER_CONFIG
 * (defaults otherwise), secrets from the environment, generated development secrets for the
 * webhook and the API token, and the local alert sink for every channel without a real target.
 */
export const resolveLocalSettings = (input: LocalSettingsInput): LocalSettings => {
  const { env } = input;
  if (env.RESPONDER_CONFIG_FILE !== undefined) {
    throw new LocalSettingsError(
      'RESPONDER_CONFIG_FILE is not read: name the configuration file with RESPONDER_CONFIG',
    );
  }
  const rawConfig = env.RESPONDER_CONFIG ? readConfigFile(env.RESPONDER_CONFIG) : {};
  const rawChannels = (rawConfig.channels ?? {}) as Record<string, Record<string, unknown>>;

  const secrets: Partial<Record<SecretName, string>> = {};
  for (const name of SECRET_NAMES) {
    const value = env[name]?.trim();
    if (value) secrets[name] = value;
  }

  const stored = loadGenerated(input.generatedSecretsFile);
  const generated: SecretName[] = [];
  for (const name of GENERATED_SECRETS) {
    if (secrets[name]) continue;
    secrets[name] = stored[name] ?? generate[name]();
    generated.push(name);
  }
  if (input.generatedSecretsFile && generated.length > 0) {
    mkdirSync(dirname(input.generatedSecretsFile), { recursive: true });
    const kept = Object.fromEntries(generated.map((name) => [name, secrets[name]]));
    writeFileSync(input.generatedSecretsFile, `${JSON.stringify(kept, null, 2)}\n`, {
      mode: 0o600,
    });
  }

  const sinkChannels: SinkChannel[] = [];
  const sinkUrl = (channel: SinkChannel) => {
    sinkChannels.push(channel);
    return `${input.sinkUrl}/${channel}`;
  };
  secrets.SLACK_WEBHOOK_URL ??= sinkUrl('slack');
  const pagerdutyUrl =
    env.PAGERDUTY_EVENTS_URL ??
    (rawChannels.pagerduty?.eventsUrl as string | undefined) ??
    sinkUrl('pagerduty');
  const webhookUrl =
    env.ESCALATION_WEBHOOK_URL ??
    (rawChannels.webhook?.url as string | undefined) ??
    sinkUrl('webhook');
  if (sinkChannels.includes('pagerduty')) secrets.PAGERDUTY_ROUTING_KEY ??= 'local-routing-key';
  else if (!secrets.PAGERDUTY_ROUTING_KEY) {
    // PagerDuty refuses every event without the key: refuse to start rather than page nobody.
    throw new LocalSettingsError(
      `PAGERDUTY_ROUTING_KEY is missing: PagerDuty events go to ${pagerdutyUrl}, which refuses every event without the integration's routing key; set PAGERDUTY_ROUTING_KEY, or leave PAGERDUTY_EVENTS_URL unset to use the local sink`,
    );
  }
  if (sinkChannels.includes('webhook')) {
    secrets.ESCALATION_WEBHOOK_SECRET ??= `whsec_${randomBytes(24).toString('base64')}`;
  }

  const origin = env.RESPONDER_CONFIG
    ? `RESPONDER_CONFIG (${env.RESPONDER_CONFIG})`
    : 'default configuration';
  const config = parseConfig(
    {
      ...rawConfig,
      channels: {
        ...rawChannels,
        pagerduty: { ...rawChannels.pagerduty, eventsUrl: pagerdutyUrl },
        webhook: { ...rawChannels.webhook, url: webhookUrl },
      },
    },
    origin,
  );
  refuseSnsWithoutTopic(config, origin);

  return {
    config,
    secrets,
    generated,
    sinkChannels,
  };
};
