import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { parseConfig } from '../config/responder-config';
import { systemClock } from './clock';
import { parseRuntimeEnv, type RuntimeContext } from './context';
import { SECRET_NAMES, type SecretName, type SecretSource } from './secrets';

/** Secrets cached for five minutes, so a rotated secret is picked up without a redeploy. */
const SECRET_MAX_AGE_SECONDS = 300;

/**
 * Secrets Manager secrets by ARN; `SECRET_ARNS` maps secret names to ARNs. An ARN is not a secret,
 * so it may live in the environment; the value never does.
 */
const secretsManagerSource = (arns: Partial<Record<SecretName, string>>): SecretSource => ({
  get: async (name) => {
    const arn = arns[name];
    if (!arn) return undefined;
    const value = await getSecret(arn, { maxAge: SECRET_MAX_AGE_SECONDS });
    return typeof value === 'string' && value !== '' ? value : undefined;
  },
});

const parseSecretArns = (text: string | undefined): Partial<Record<SecretName, string>> => {
  if (!text) return {};
  const parsed = JSON.parse(text) as Record<string, string>;
  return Object.fromEntries(
    Object.entries(parsed).filter(([name]) => (SECRET_NAMES as readonly string[]).includes(name)),
  );
};

/** The runtime context of a function running in AWS Lambda. */
export const awsRuntimeContext = (
  env: Record<string, string | undefined> = process.env,
): RuntimeContext => ({
  env: parseRuntimeEnv(env),
  config: parseConfig(JSON.parse(env.RESPONDER_CONFIG ?? '{}'), 'RESPONDER_CONFIG'),
  clock: systemClock,
  secrets: secretsManagerSource(parseSecretArns(env.SECRET_ARNS)),
});
