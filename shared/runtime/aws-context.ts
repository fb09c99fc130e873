import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import * as z from 'zod';
import {
  SECRET_NAMES,
  type SecretName,
  type SecretSource,
  UNSET_SECRET_VALUE,
} from '../contracts/secrets';
import { parseConfig } from '../domain/config/responder-config';
import { systemClock } from '../use-cases/ports/clock';
import { EnvironmentError, parseRuntimeEnv, type RuntimeContext } from './context';

/** Secrets cached for five minutes, so a rotated secret is picked up without a redeploy. */
const SECRET_MAX_AGE_SECONDS = 300;

/**
 * `SECRET_ARNS`: secret names to Secrets Manager ARNs, only those the function may read. An ARN is
 * not a secret, so it may live in the environment; the value never does.
 */
const SecretArns = z.partialRecord(z.enum(SECRET_NAMES), z.string().startsWith('arn:'));
type SecretArns = z.infer<typeof SecretArns>;

/** Secrets Manager secrets by ARN, fetched on first use and cached (never logged). */
const secretsManagerSource = (arns: SecretArns): SecretSource => ({
  get: async (name: SecretName) => {
    const arn = arns[name];
    if (!arn) return undefined;
    const value = await getSecret(arn, { maxAge: SECRET_MAX_AGE_SECONDS });
    return typeof value === 'string' && value !== '' && value !== UNSET_SECRET_VALUE
      ? value
      : undefined;
  },
});

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

const parseSecretArns = (env: Record<string, string | undefined>): SecretArns => {
  const result = SecretArns.safeParse(jsonVariable(env, 'SECRET_ARNS'));
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
  );
  throw new EnvironmentError(`SECRET_ARNS is invalid: ${problems.join('; ')}`, {
    cause: result.error,
  });
};

/**
 * The runtime context of a function running in AWS Lambda: resource names and the configuration
 * (`RESPONDER_CONFIG`, JSON written by the stack) from the environment, secrets from Secrets Manager.
 */
export const awsRuntimeContext = (
  env: Record<string, string | undefined> = process.env,
): RuntimeContext => ({
  env: parseRuntimeEnv(env),
  config: parseConfig(jsonVariable(env, 'RESPONDER_CONFIG'), 'RESPONDER_CONFIG'),
  clock: systemClock,
  secrets: secretsManagerSource(parseSecretArns(env)),
});
