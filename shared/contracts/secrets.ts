/** A brand's tokens for replying, by the name each has in REPLY_CREDENTIALS and locally. */
export const BRAND_TOKEN_NAMES = [
  'X_CONSUMER_KEY',
  'X_ACCESS_TOKEN',
  'X_ACCESS_TOKEN_SECRET',
  'META_PAGE_ACCESS_TOKEN',
  'TRUSTPILOT_ACCESS_TOKEN',
  // To refresh the Trustpilot access token: the brand's Trustpilot app and its refresh token.
  'TRUSTPILOT_REFRESH_TOKEN',
  'TRUSTPILOT_API_KEY',
  'TRUSTPILOT_API_SECRET',
] as const;

/** Every secret the product reads, by name. Locally each is an environment variable of that name. */
export const SECRET_NAMES = [
  'GENERIC_WEBHOOK_SECRETS',
  'X_CONSUMER_SECRET',
  'META_APP_SECRET',
  'META_VERIFY_TOKEN',
  'TRUSTPILOT_BASIC_AUTH',
  'SLACK_WEBHOOK_URL',
  'SLACK_SIGNING_SECRET',
  'PAGERDUTY_ROUTING_KEY',
  'ESCALATION_WEBHOOK_SECRET',
  'CASES_API_TOKEN',
  /** Brand tokens for replies: a JSON object by brand id (see docs/replies.md). */
  'REPLY_CREDENTIALS',
  /** Trustpilot tokens as last refreshed, by brand id; written by the reply sender. */
  'TRUSTPILOT_TOKENS',
  // The default brand's reply tokens as single values (the local runtime's variables).
  ...BRAND_TOKEN_NAMES,
] as const;
export type SecretName = (typeof SECRET_NAMES)[number];

/**
 * The value a secret the stack creates holds until the operator puts the real one: read as not
 * configured, so a source that was never set up answers 503 rather than failing on a random value.
 */
export const UNSET_SECRET_VALUE = 'not-configured';

/**
 * Secrets the product writes as well as reads (rotated tokens): read afresh every time, never
 * from a cache, so every instance sees the last value written.
 */
export const WRITTEN_SECRET_NAMES = ['TRUSTPILOT_TOKENS'] as const satisfies readonly SecretName[];
export type WrittenSecretName = (typeof WRITTEN_SECRET_NAMES)[number];

export const isWrittenSecret = (name: SecretName): name is WrittenSecretName =>
  (WRITTEN_SECRET_NAMES as readonly SecretName[]).includes(name);

/** Where secrets come from: Secrets Manager in AWS, the environment or a file locally. */
export interface SecretSource {
  /** The secret's value, or undefined when it is not configured. */
  get(name: SecretName): Promise<string | undefined>;
  /** Stores a new value of a secret the product writes. */
  put(name: WrittenSecretName, value: string): Promise<void>;
}

/** Secrets from a plain map (the local runtime's environment); a put changes a copy of it. */
export const secretsFromMap = (initial: Partial<Record<SecretName, string>>): SecretSource => {
  const values: Partial<Record<SecretName, string>> = { ...initial };
  return {
    get: async (name) => {
      const value = values[name];
      return value === undefined || value === '' ? undefined : value;
    },
    put: async (name, value) => {
      values[name] = value;
    },
  };
};
