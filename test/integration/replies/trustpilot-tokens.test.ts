/**
 * Trustpilot replies with an expiring access token: the real channel against a loopback Trustpilot
 * that implements the documented refresh grant (expiring tokens, rotating refresh tokens), a lease
 * in DynamoDB Local, and one secret store shared by the "instances" as Secrets Manager would be.
 */
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TableLease } from '../../../shared/adapters/dynamodb/table-lease';
import { PlatformReplyChannel } from '../../../shared/adapters/platforms/reply-channel';
import type { Reply } from '../../../shared/contracts/reply';
import { type SecretSource, secretsFromMap } from '../../../shared/contracts/secrets';
import { createTestTable, type TestTable } from '../../support/emulators';
import { startTrustpilotStandIn, type TrustpilotStandIn } from '../../support/platform-stand-ins';

const ACCOUNT = {
  accessToken: 'tp-access-0',
  refreshToken: 'tp-refresh-0',
  apiKey: 'tp-api-key',
  apiSecret: 'tp-api-secret',
};
const CREDENTIALS = {
  'acme-air': {
    TRUSTPILOT_ACCESS_TOKEN: ACCOUNT.accessToken,
    TRUSTPILOT_REFRESH_TOKEN: ACCOUNT.refreshToken,
    TRUSTPILOT_API_KEY: ACCOUNT.apiKey,
    TRUSTPILOT_API_SECRET: ACCOUNT.apiSecret,
  },
};

let table: TestTable;
let trustpilot: TrustpilotStandIn;
let secrets: SecretSource;

beforeAll(async () => {
  table = await createTestTable();
});
afterAll(() => table.delete());
beforeEach(async () => {
  trustpilot = await startTrustpilotStandIn(ACCOUNT);
  secrets = secretsFromMap({ REPLY_CREDENTIALS: JSON.stringify(CREDENTIALS) });
});
afterEach(async () => {
  expect(trustpilot.problems).toEqual([]);
  await trustpilot.stop();
});

/** A reply sender's channel: each call is another instance, sharing the secret store and table. */
const instance = () =>
  new PlatformReplyChannel({
    secrets,
    baseUrls: { x: 'http://127.0.0.1:9', meta: 'http://127.0.0.1:9', trustpilot: trustpilot.url },
    webhookUrls: {},
    now: () => new Date(),
    realNow: () => new Date(),
    lease: new TableLease(DynamoDBDocumentClient.from(table.client), table.tableName, {
      pollMs: 20,
    }),
  });

let counter = 0;
const reviewReply = (): Reply => {
  counter += 1;
  const at = new Date().toISOString();
  return {
    replyId: `r_tp_${counter}`,
    caseId: `c_tp_${counter}`,
    brand: 'acme-air',
    source: 'trustpilot',
    visibility: 'public',
    text: 'Thank you for the review, we are sorry about the delay.',
    target: { kind: 'trustpilot_review_reply', reviewId: `5f8d0d55b54764421b71${counter}` },
    inReplyToMentionId: `trustpilot:5f8d0d55b54764421b71${counter}`,
    state: 'queued',
    requestedBy: { type: 'agent', id: 'agent-7' },
    requestedAt: at,
    attempts: 1,
    deferrals: 0,
    attemptedAt: at,
  };
};

const storedTokens = async () =>
  JSON.parse((await secrets.get('TRUSTPILOT_TOKENS')) ?? '{}') as Record<
    string,
    { accessToken: string; refreshToken: string; expiresAt: string }
  >;

describe('Trustpilot token refresh', () => {
  it('refreshes an expired token, stores the rotated pair, and sends the reply once', async () => {
    trustpilot.expireAccessToken();
    const outcome = await instance().send(reviewReply());

    expect(outcome).toMatchObject({ kind: 'sent' });
    expect(trustpilot.refreshRequests()).toHaveLength(1);
    const sent = trustpilot
      .replies()
      .filter((request) => request.headers.authorization !== `Bearer ${ACCOUNT.accessToken}`);
    expect(sent).toHaveLength(1);
    expect(trustpilot.replies()).toHaveLength(2); // the refused attempt, then the one posted
    const stored = (await storedTokens())['acme-air'];
    expect(stored).toMatchObject(trustpilot.tokens());
    // expires_in "359999" seconds from now: 100 hours less a second.
    const hours = (Date.parse(stored?.expiresAt ?? '') - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(99.9);
    expect(hours).toBeLessThan(100);

    // The next reply, from another instance, uses the stored token: no refresh, one request.
    trustpilot.requests.length = 0;
    expect(await instance().send(reviewReply())).toMatchObject({ kind: 'sent' });
    expect(trustpilot.requests).toHaveLength(1);
    expect(trustpilot.requests[0]?.headers.authorization).toBe(
      `Bearer ${trustpilot.tokens().accessToken}`,
    );
  });

  it('refreshes before sending when the stored token is about to expire', async () => {
    trustpilot.expireAccessToken();
    expect(await instance().send(reviewReply())).toMatchObject({ kind: 'sent' });
    const stored = await storedTokens();
    // Stored as expiring in 30 s: the next send refreshes first and posts once.
    await secrets.put(
      'TRUSTPILOT_TOKENS',
      JSON.stringify({
        'acme-air': {
          ...stored['acme-air'],
          expiresAt: new Date(Date.now() + 30_000).toISOString(),
        },
      }),
    );
    trustpilot.requests.length = 0;
    expect(await instance().send(reviewReply())).toMatchObject({ kind: 'sent' });
    expect(trustpilot.requests.map((request) => request.path.split('/').at(-1))).toEqual([
      'refresh',
      'reply',
    ]);
  });

  it('refreshes once when several instances find the token expired at the same time', async () => {
    trustpilot.expireAccessToken();
    const outcomes = await Promise.all([1, 2, 3, 4].map(() => instance().send(reviewReply())));

    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['sent', 'sent', 'sent', 'sent']);
    expect(trustpilot.refreshRequests()).toHaveLength(1);
    const posted = trustpilot
      .replies()
      .filter(
        (request) => request.headers.authorization === `Bearer ${trustpilot.tokens().accessToken}`,
      );
    expect(posted).toHaveLength(4);
    // The rotated refresh token kept is the one Trustpilot still accepts.
    expect((await storedTokens())['acme-air']?.refreshToken).toBe(trustpilot.tokens().refreshToken);
  });

  it('fails the reply, saying why and what to do, when Trustpilot refuses the refresh', async () => {
    trustpilot.expireAccessToken();
    trustpilot.revokeRefreshToken();
    const outcome = await instance().send(reviewReply());

    expect(outcome).toEqual({
      kind: 'refused',
      problem: {
        code: 'token_refresh_failed',
        message: expect.stringMatching(
          /^The Trustpilot access token has expired and Trustpilot refused to renew it \(400: Invalid Refresh Token\); nothing was posted\. .*authorize the app again/,
        ),
      },
    });
    expect(trustpilot.refreshRequests()).toHaveLength(1);
    expect(trustpilot.replies()).toHaveLength(1); // refused with 401, nothing posted
    expect(await secrets.get('TRUSTPILOT_TOKENS')).toBeUndefined();
  });
});
