import * as z from 'zod';
import { SECRET_NAMES } from '../../contracts/secrets';

/** CloudWatch Logs accepts only these retention periods (days). */
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653,
] as const;

const SecretArn = z
  .string()
  .regex(
    /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+-[A-Za-z0-9]{6}$/,
    'the complete ARN of a Secrets Manager secret (ending in its 6-character suffix)',
  );

/** Who may call the cases API: a JWT issuer of your own, or a Cognito user pool the stack creates. */
export const OperatorAuth = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('cognito') }),
  z.strictObject({
    kind: z.literal('jwt'),
    /** The OpenID Connect issuer URL (its `/.well-known/openid-configuration` must be public). */
    issuer: z.string().url(),
    /** Accepted `aud` (or Cognito `client_id`) values. */
    audience: z.array(z.string().min(1)).min(1),
  }),
]);
export type OperatorAuth = z.infer<typeof OperatorAuth>;

/** Settings that only the AWS deployment reads; the functions ignore them. */
export const DeploymentConfig = z.strictObject({
  /** Target account and region; the AWS CLI profile's when absent. */
  account: z
    .string()
    .regex(/^\d{12}$/, 'a 12-digit AWS account id')
    .optional(),
  region: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as eu-west-1')
    .optional(),
  auth: OperatorAuth.default({ kind: 'cognito' }),
  /** Secrets that already exist, by name; the stack creates every other one with a random placeholder. */
  secrets: z.partialRecord(z.enum(SECRET_NAMES), SecretArn).default({}),
  /** Days CloudWatch keeps function and access logs. */
  logRetentionDays: z
    .number()
    .int()
    .refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), {
      message: `one of ${LOG_RETENTION_DAYS.join(', ')}`,
    })
    .default(30),
  /** Steady-state requests per second and burst the HTTP API accepts before answering 429. */
  api: z
    .strictObject({
      rateLimit: z.number().positive().default(50),
      burstLimit: z.number().int().positive().default(100),
    })
    .default({ rateLimit: 50, burstLimit: 100 }),
  concurrency: z
    .strictObject({
      /** Concurrent triage batches at most: bounds the write rate on the table and the bus. */
      triageMax: z.number().int().min(2).max(1000).default(5),
      /**
       * Concurrency reserved for (and capping) the notifier, so a burst of alerts cannot exceed
       * Slack's or PagerDuty's rate limits. Reserving needs spare account concurrency: new accounts
       * with a limit of 10 must leave it unset.
       */
      notifierReserved: z.number().int().positive().optional(),
    })
    .default({ triageMax: 5 }),
  /** Email address subscribed to the operations alarm topic. */
  alarmEmail: z.string().email().optional(),
});
export type DeploymentConfig = z.infer<typeof DeploymentConfig>;
