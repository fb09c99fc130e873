/**
 * Slack interactivity: the Acknowledge and Resolve buttons of an alert post here. Requests are
 * verified with the app's signing secret (`v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{body}`).
 * https://api.slack.com/authentication/verifying-requests-from-slack
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** Requests signed longer ago than this are refused, so a captured request cannot be replayed. */
export const SLACK_TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;

/** The button action ids an alert carries; the button's value is the case id. */
export const SLACK_CASE_ACTIONS = ['acknowledge', 'resolve'] as const;
export type SlackCaseAction = (typeof SLACK_CASE_ACTIONS)[number];

export class SlackSignatureError extends Error {
  override name = 'SlackSignatureError';
  constructor(
    readonly reason: 'missing' | 'stale' | 'mismatch',
    message: string,
  ) {
    super(message);
  }
}

export class SlackPayloadError extends Error {
  override name = 'SlackPayloadError';
}

/** The signature Slack sends for a body signed at a timestamp. */
export const slackSignature = (signingSecret: string, timestamp: string, rawBody: string): string =>
  `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;

/**
 * Verifies a request from Slack; throws SlackSignatureError naming what is wrong. `nowSeconds`
 * is real time (epoch seconds), not business time.
 */
export const verifySlackRequest = (input: {
  signingSecret: string;
  timestamp: string | undefined;
  signature: string | undefined;
  rawBody: string;
  nowSeconds: number;
}): void => {
  const { timestamp, signature } = input;
  if (!timestamp || !signature) {
    throw new SlackSignatureError(
      'missing',
      'x-slack-request-timestamp and x-slack-signature headers are required',
    );
  }
  const signedAt = Number(timestamp);
  if (
    !/^\d+$/.test(timestamp) ||
    Math.abs(input.nowSeconds - signedAt) > SLACK_TIMESTAMP_TOLERANCE_SECONDS
  ) {
    throw new SlackSignatureError(
      'stale',
      `x-slack-request-timestamp is more than ${SLACK_TIMESTAMP_TOLERANCE_SECONDS} seconds from now`,
    );
  }
  const expected = Buffer.from(slackSignature(input.signingSecret, timestamp, input.rawBody));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw new SlackSignatureError('mismatch', 'x-slack-signature does not match the request body');
  }
};

const BlockActionsPayload = z.object({
  type: z.literal('block_actions'),
  user: z.object({ id: z.string().min(1), username: z.string().optional() }),
  actions: z.array(z.object({ action_id: z.string(), value: z.string().optional() })).min(1),
});

/** One button press: what to do to which case, and who pressed it. */
export interface SlackCaseRequest {
  readonly action: SlackCaseAction;
  readonly caseId: string;
  readonly user: { readonly id: string; readonly username?: string };
}

/**
 * The case actions in a form-encoded interactivity request (`payload=<json>`); throws
 * SlackPayloadError for anything but block actions with known action ids and a case id.
 */
export const parseSlackCaseRequests = (rawBody: string): SlackCaseRequest[] => {
  const payloadText = new URLSearchParams(rawBody).get('payload');
  if (!payloadText) throw new SlackPayloadError('the form field `payload` is missing');
  let json: unknown;
  try {
    json = JSON.parse(payloadText);
  } catch (error) {
    throw new SlackPayloadError('`payload` is not JSON', { cause: error });
  }
  const parsed = BlockActionsPayload.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new SlackPayloadError(`not a block_actions payload: ${problems.join('; ')}`, {
      cause: parsed.error,
    });
  }
  const { user, actions } = parsed.data;
  return actions.map(({ action_id, value }) => {
    const action = SLACK_CASE_ACTIONS.find((known) => known === action_id);
    if (!action) throw new SlackPayloadError(`unknown action_id ${JSON.stringify(action_id)}`);
    if (!value) throw new SlackPayloadError(`action ${action_id} carries no case id as its value`);
    return { action, caseId: value, user };
  });
};
