import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod';
import {
  isWrittenSecret,
  SECRET_NAMES,
  type SecretName,
  type SecretSource,
  UNSET_SECRET_VALUE,
} from '../contracts/secrets';
import { zodIssueLines } from '../contracts/zod-issues';
import { parseConfig } from '../domain/config/responder-config';
import { systemClock } from '../use-cases/ports/clock';
import {
  EnvironmentError,
  parseRuntimeEnv,
  type RuntimeContext,
  withConsoleLinks,
} from './context';

/** Secrets cached for five minutes, so a rotated secret is picked up without a redeploy. */
const SECRET_MAX_AGE_SECONDS = 300;

/**
 * `SECRET_ARNS`: secret names to Secrets Manager ARNs, only those the function may read. An ARN is
 * not a secret, so it may live in the environment; the value never does.
 */
const SecretArns = z.partialRecord(z.enum(SECRET_NAMES), z.string().startsWith('arn:'));
type SecretArns = z.infer<typeof SecretArns>;

/**
 * Secrets Manager secrets by ARN, fetched on first use and cached (never logged); the secrets the
 * product writes are fetched afresh each time and written with PutSecretValue. The SDK client and
 * the Parameters utility are loaded by the first use too: a function's cold start does not pay
 * for them, and most invocations of most functions read no secret.
 */
const secretsManagerSource = (arns: SecretArns): SecretSource => {
  let client: SecretsManagerClient | undefined;
  return {
    get: async (name: SecretName) => {
      const arn = arns[name];
      if (!arn) return undefined;
      const { getSecret } = await import('@aws-lambda-powertools/parameters/secrets');
      const value = await getSecret(
        arn,
        isWrittenSecret(name) ? { forceFetch: true } : { maxAge: SECRET_MAX_AGE_SECONDS },
      );
      return typeof value === 'string' && value !== '' && value !== UNSET_SECRET_VALUE
        ? value
        : undefined;
    },
    put: async (name, value) => {
      const arn = arns[name];
      if (!arn) throw new EnvironmentError(`SECRET_ARNS names no ${name} secret to write`);
      const { PutSecretValueCommand, SecretsManagerClient } = await import(
        '@aws-sdk/client-secrets-manager'
      );
      client ??= new SecretsManagerClient({});
      await client.send(new PutSecretValueCommand({ SecretId: arn, SecretString: value }));
    },
  };
};

/** The JSON document in an environment variable; `{}` when the variable is unset. */
const jsonVariable = (env: Record<string, string | undefined>, name: string): unknown => {
  const text = env[name];
  if (text === undefined || text === '') return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new EnvironmentError(`${name} is not valid JSON`, { cause: error });
  }
};

/**
 * The configuration file the stack bundles beside each function's code (Lambda's environment,
 * 4 KB in all, cannot hold a real brand list). Read once, when the function starts.
 */
export const CONFIG_FILE_NAME = 'responder-config.json';

const readConfigDocument = (env: Record<string, string | undefined>): unknown => {
  const taskRoot = env.LAMBDA_TASK_ROOT;
  if (!taskRoot) throw new EnvironmentError('LAMBDA_TASK_ROOT is not set: not running in Lambda?');
  const path = join(taskRoot, CONFIG_FILE_NAME);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new EnvironmentError(`cannot read the configuration bundled at ${path}`, {
      cause: error,
    });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new EnvironmentError(`${path} is not valid JSON`, { cause: error });
  }
};

/** The SNS channel publishes to the topic the stack made or imported (`ALERT_TOPIC_ARN`). */
const withAlertTopic = (document: unknown, topicArn: string | undefined): unknown => {
  if (!topicArn || typeof document !== 'object' || document === null) return document;
  const config = document as Record<string, unknown>;
  const channels = (config.channels ?? {}) as Record<string, unknown>;
  const sns = (channels.sns ?? {}) as Record<string, unknown>;
  return { ...config, channels: { ...channels, sns: { ...sns, topicArn } } };
};

const parseSecretArns = (env: Record<string, string | undefined>): SecretArns => {
  const result = SecretArns.safeParse(jsonVariable(env, 'SECRET_ARNS'));
  if (result.success) return result.data;
  const problems = zodIssueLines(result.error);
  throw new EnvironmentError(`SECRET_ARNS is invalid: ${problems.join('; ')}`, {
    cause: result.error,
  });
};

/**
 * The runtime context of a function running in AWS Lambda: resource names from the environment,
 * the configuration from the file bundled with the code, secrets from Secrets Manager.
 */
export const awsRuntimeContext = (
  env: Record<string, string | undefined> = process.env,
): RuntimeContext => ({
  env: parseRuntimeEnv(env),
  config: withConsoleLinks(
    parseConfig(withAlertTopic(readConfigDocument(env), env.ALERT_TOPIC_ARN), CONFIG_FILE_NAME),
    env.CONSOLE_URL,
  ),
  clock: systemClock,
  secrets: secretsManagerSource(parseSecretArns(env)),
});
