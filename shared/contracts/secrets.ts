/** A brand's tokens for replying, by the name each has in REPLY_CREDENTIALS and locally. */
export const BRAND_TOKEN_NAMES = [
  'X_CONSUMER_KEY',
  'X_ACCESS_TOKEN',
  'X_ACCESS_TOKEN_SECRET',
  'META_PAGE_ACCESS_TOKEN',
  'TRUSTPILOT_ACCESS_TOKEN',
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
  // The default brand's reply tokens as single values (the local runtime's variables).
  ...BRAND_TOKEN_NAMES,
] as const;
export type SecretName = (typeof SECRET_NAMES)[number];

/**
 * The value a secret the stack creates holds until the operator puts the real one: read as not
 * configured, so a source that was never set up answers 503 rather than failing on a random value.
 */
export const UNSET_SECRET_VALUE = 'not-configured';

/** Where secrets come from: Secrets Manager in AWS, the environment or a file locally. */
export interface SecretSource {
  /** The secret's value, or undefined when it is not configured. */
  get(name: SecretName): Promise<string | undefined>;
}

/** Secrets from a plain map (the local runtime's environment). */
export const secretsFromMap = (values: Partial<Record<SecretName, string>>): SecretSource => ({
  get: async (name) => {
    const value = values[name];
    return value === undefined || value === '' ? undefined : value;
  },
});
