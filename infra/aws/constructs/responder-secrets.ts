import { SecretValue, Validations } from 'aws-cdk-lib';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import {
  type SecretName,
  UNSET_SECRET_VALUE,
  type WrittenSecretName,
} from '../../../shared/contracts/secrets';
import type { FunctionName } from '../../topology';

/**
 * Which function reads which secret; a function may read only these. CASES_API_TOKEN has no
 * reader: in AWS the cases API is guarded by the JWT and IAM authorizers instead.
 */
export const SECRET_READERS: Readonly<Record<SecretName, readonly FunctionName[]>> = {
  // The reply sender signs integration webhooks, X requests and appsecret_proof with these too.
  GENERIC_WEBHOOK_SECRETS: ['ingest', 'replySender'],
  X_CONSUMER_SECRET: ['ingest', 'replySender'],
  META_APP_SECRET: ['ingest', 'replySender'],
  META_VERIFY_TOKEN: ['ingest'],
  TRUSTPILOT_BASIC_AUTH: ['ingest'],
  SLACK_WEBHOOK_URL: ['notifier'],
  SLACK_SIGNING_SECRET: ['casesApi'],
  PAGERDUTY_ROUTING_KEY: ['notifier'],
  ESCALATION_WEBHOOK_SECRET: ['notifier'],
  CASES_API_TOKEN: [],
  REPLY_CREDENTIALS: ['replySender'],
  // Read and written (SECRET_WRITERS): rotated Trustpilot tokens.
  TRUSTPILOT_TOKENS: ['replySender'],
  // Single-value reply tokens are the local runtime's; in AWS they live in REPLY_CREDENTIALS.
  X_CONSUMER_KEY: [],
  X_ACCESS_TOKEN: [],
  X_ACCESS_TOKEN_SECRET: [],
  META_PAGE_ACCESS_TOKEN: [],
  TRUSTPILOT_ACCESS_TOKEN: [],
  TRUSTPILOT_REFRESH_TOKEN: [],
  TRUSTPILOT_API_KEY: [],
  TRUSTPILOT_API_SECRET: [],
};

/** Which function writes which secret (PutSecretValue): the reply sender, its rotated tokens. */
export const SECRET_WRITERS: Readonly<Record<WrittenSecretName, readonly FunctionName[]>> = {
  TRUSTPILOT_TOKENS: ['replySender'],
};

export interface ResponderSecretsProps {
  /** Secret names are `<namePrefix>/<SECRET_NAME>`. */
  readonly namePrefix: string;
  /** Secrets that already exist, by complete ARN; the others are created here. */
  readonly imported: Readonly<Partial<Record<SecretName, string>>>;
}

/**
 * One Secrets Manager secret per platform and channel credential. Created secrets hold
 * UNSET_SECRET_VALUE, which the functions read as "not configured" (a source answers 503, a
 * channel reports it is not set up), until the operator puts the real value; the functions read
 * them by ARN and cache them for five minutes.
 */
export class ResponderSecrets extends Construct {
  private readonly secrets = new Map<SecretName, ISecret>();

  constructor(scope: Construct, id: string, props: ResponderSecretsProps) {
    super(scope, id);
    const names = Object.keys(SECRET_READERS) as SecretName[];
    for (const name of names.filter((each) => SECRET_READERS[each].length > 0)) {
      const arn = props.imported[name];
      const secret = arn
        ? Secret.fromSecretCompleteArn(this, name, arn)
        : new Secret(this, name, {
            secretName: `${props.namePrefix}/${name}`,
            description: `Social responder ${name}; replace ${UNSET_SECRET_VALUE} with put-secret-value`,
            secretStringValue: SecretValue.unsafePlainText(UNSET_SECRET_VALUE),
          });
      if (secret instanceof Secret) {
        Validations.of(secret).acknowledge({
          id: 'AwsSolutions-SMG4',
          reason:
            'Issued by a third party (platform app secret, Slack or PagerDuty key): it is rotated there and stored with put-secret-value; webhook secrets accept several values at once so a rotation has no gap.',
        });
      }
      this.secrets.set(name, secret);
    }
  }

  /** The secrets a function writes, by name. */
  writtenBy(functionName: FunctionName): ISecret[] {
    return (Object.keys(SECRET_WRITERS) as WrittenSecretName[])
      .filter((name) => SECRET_WRITERS[name].includes(functionName))
      .flatMap((name) => this.secrets.get(name) ?? []);
  }

  /** The secrets a function reads, by name. */
  readBy(functionName: FunctionName): Map<SecretName, ISecret> {
    return new Map(
      [...this.secrets].filter(([name]) => SECRET_READERS[name].includes(functionName)),
    );
  }
}
