/**
 * Where the CLI's commands go: flags and variables first, else the runtime `npm start` is running
 * (it leaves .data/local-runtime.json), else AWS through the SDK's usual credentials.
 */
import { SQSClient } from '@aws-sdk/client-sqs';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/ports';
import type { RuntimeHandle } from '../../infra/local/runtime-handle';
import type { ApiTarget } from './api-client';

export interface TargetOptions {
  readonly url?: string;
  readonly token?: string;
  readonly secret?: string;
  readonly profile?: string;
  readonly region?: string;
}

type Env = Readonly<Record<string, string | undefined>>;

const DEFAULT_URL = 'http://localhost:3000';

/**
 * The cases API: `--url`, `$RESPONDER_URL`, the running local runtime, or localhost:3000. The
 * local runtime's token is used only against the local runtime, never sent anywhere else.
 */
export const apiTargetOf = (
  options: TargetOptions,
  env: Env,
  handle: RuntimeHandle | undefined,
): ApiTarget => {
  const url = options.url ?? env.RESPONDER_URL ?? handle?.url ?? DEFAULT_URL;
  const local = handle !== undefined && url === handle.url;
  return {
    url,
    token: options.token ?? env.CASES_API_TOKEN ?? (local ? handle.operatorToken : undefined),
  };
};

/** The Standard Webhooks secret to sign replays with, by the same rule as the API token. */
export const webhookSecretsOf = (
  options: TargetOptions,
  env: Env,
  handle: RuntimeHandle | undefined,
  url: string,
): string | undefined =>
  options.secret ??
  env.GENERIC_WEBHOOK_SECRETS ??
  (handle !== undefined && url === handle.url ? handle.webhookSecrets : undefined);

/**
 * The SQS client: AWS when a profile, region or endpoint is given (flags or the SDK's variables),
 * else the running local runtime's queues, else AWS from the SDK's default chain.
 */
export const sqsClientOf = (
  options: TargetOptions,
  env: Env,
  handle: RuntimeHandle | undefined,
): SQSClient => {
  const awsChosen =
    options.profile !== undefined ||
    options.region !== undefined ||
    env.AWS_PROFILE !== undefined ||
    env.AWS_ENDPOINT_URL_SQS !== undefined ||
    env.AWS_ENDPOINT_URL !== undefined;
  if (!awsChosen && handle) {
    return new SQSClient({
      endpoint: handle.sqsEndpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
    });
  }
  return new SQSClient({
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.region ? { region: options.region } : {}),
  });
};
