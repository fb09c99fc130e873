/**
 * A brand's Trustpilot business-user tokens. The access token expires (after 100 hours) and is
 * renewed with the refresh grant, which also rotates the refresh token (valid 30 days):
 *
 *   POST /v1/oauth/oauth-business-users-for-applications/refresh
 *   Authorization: Basic base64(apiKey:apiSecret)
 *   Content-Type: application/x-www-form-urlencoded
 *   grant_type=refresh_token&refresh_token=…
 *   → { "access_token": …, "refresh_token": …, "expires_in": "359999" }
 *
 * The operator stores the first tokens with the brand's credentials (TRUSTPILOT_ACCESS_TOKEN,
 * TRUSTPILOT_REFRESH_TOKEN, TRUSTPILOT_API_KEY, TRUSTPILOT_API_SECRET); each refresh writes the
 * rotated pair to the TRUSTPILOT_TOKENS secret, by brand, where every instance reads it. A refresh
 * holds a lease, so two instances never both spend one refresh token and keep the other's
 * rotation; a stored pair belongs to the refresh token it descends from, so new tokens from the
 * operator replace it.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';
import type { ReplyProblem } from '../../contracts/reply';
import type { SecretSource } from '../../contracts/secrets';
import type { Lease } from '../../use-cases/ports/lease';
import { field, isAnswer, postToPlatform } from './reply-http';

export const TRUSTPILOT_REFRESH_PATH = '/v1/oauth/oauth-business-users-for-applications/refresh';

/** A token that expires within this long is refreshed before use. */
const EXPIRY_MARGIN_MS = 60_000;

/** The tokens the brand's credentials hold (what the operator stored). */
export interface TrustpilotSeed {
  readonly accessToken?: string | undefined;
  readonly refreshToken?: string | undefined;
  readonly apiKey?: string | undefined;
  readonly apiSecret?: string | undefined;
}

export interface TrustpilotTokens {
  readonly accessToken?: string | undefined;
  readonly refreshToken?: string | undefined;
  readonly expiresAt?: string | undefined;
}

const StoredTokens = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1),
  expiresAt: z.string().datetime({ offset: true }),
  /** Which of the operator's refresh tokens this pair descends from (a hash of it). */
  seed: z.string(),
});
const TokensDocument = z.record(z.string(), StoredTokens);
type TokensDocument = z.infer<typeof TokensDocument>;

const RefreshAnswer = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.coerce.number().positive(),
});

const seedId = (seed: TrustpilotSeed): string =>
  createHash('sha256')
    .update(seed.refreshToken ?? '')
    .digest('hex')
    .slice(0, 16);

export const canRefresh = (seed: TrustpilotSeed): boolean =>
  Boolean(seed.refreshToken && seed.apiKey && seed.apiSecret);

export type Refreshed =
  | { readonly kind: 'tokens'; readonly tokens: TrustpilotTokens }
  | { readonly kind: 'refused'; readonly problem: ReplyProblem };

const LEASE_NAME = 'trustpilot-tokens';

export class TrustpilotTokenKeeper {
  constructor(
    private readonly deps: {
      readonly secrets: SecretSource;
      readonly lease: Lease;
      readonly baseUrl: string;
      /** Real time: tokens expire in real time, whatever the business clock says. */
      readonly realNow: () => Date;
      readonly timeoutMs?: number;
    },
  ) {}

  /** The brand's tokens: its last rotation of the operator's tokens, else those. */
  async current(brand: string, seed: TrustpilotSeed): Promise<TrustpilotTokens> {
    const stored = (await this.readDocument())[brand];
    return stored && stored.seed === seedId(seed) ? stored : seed;
  }

  /** Whether a token should be refreshed before it is used. */
  needsRefresh(tokens: TrustpilotTokens): boolean {
    if (!tokens.accessToken) return true;
    if (!tokens.expiresAt) return false;
    return Date.parse(tokens.expiresAt) - this.deps.realNow().getTime() < EXPIRY_MARGIN_MS;
  }

  /**
   * Tokens to use instead of `stale` (the access token that expired, or none): under the lease,
   * those another instance stored meanwhile, else a refresh, stored before they are returned.
   */
  refresh(brand: string, seed: TrustpilotSeed, stale: string | undefined): Promise<Refreshed> {
    return this.deps.lease.hold(LEASE_NAME, async () => {
      const document = await this.readDocument();
      const stored = document[brand]?.seed === seedId(seed) ? document[brand] : undefined;
      const latest: TrustpilotTokens = stored ?? seed;
      if (latest.accessToken && latest.accessToken !== stale && !this.needsRefresh(latest)) {
        return { kind: 'tokens', tokens: latest };
      }
      const answer = await this.requestRefresh(seed, latest.refreshToken ?? '');
      if (answer.kind === 'refused') return answer;
      const rotated = { ...answer.tokens, seed: seedId(seed) };
      try {
        await this.deps.secrets.put(
          'TRUSTPILOT_TOKENS',
          JSON.stringify({ ...document, [brand]: rotated }),
        );
      } catch (error) {
        return refused(
          'token_not_stored',
          `Trustpilot renewed the access token but the new tokens could not be stored (${(error as Error).message}); the refresh token was spent, so authorize the app again and store the new tokens (TRUSTPILOT_ACCESS_TOKEN, TRUSTPILOT_REFRESH_TOKEN). Nothing was posted.`,
        );
      }
      return { kind: 'tokens', tokens: rotated };
    });
  }

  private async requestRefresh(
    seed: TrustpilotSeed,
    refreshToken: string,
  ): Promise<{ kind: 'tokens'; tokens: Required<TrustpilotTokens> } | Refreshed> {
    const answer = await postToPlatform({
      platform: 'Trustpilot',
      url: `${this.deps.baseUrl.replace(/\/$/, '')}${TRUSTPILOT_REFRESH_PATH}`,
      headers: {
        authorization: `Basic ${Buffer.from(`${seed.apiKey}:${seed.apiSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
      }).toString(),
      now: this.deps.realNow,
      ...(this.deps.timeoutMs ? { timeoutMs: this.deps.timeoutMs } : {}),
    });
    if (!isAnswer(answer)) {
      return refused(
        'token_refresh_failed',
        `The Trustpilot access token has expired and Trustpilot did not answer its refresh (${'problem' in answer ? answer.problem.code : answer.kind}); nothing was posted. Send the reply again in a while.`,
      );
    }
    const parsed = RefreshAnswer.safeParse(answer.json);
    if (answer.status >= 200 && answer.status < 300 && parsed.success) {
      const now = this.deps.realNow().getTime();
      return {
        kind: 'tokens',
        tokens: {
          accessToken: parsed.data.access_token,
          refreshToken: parsed.data.refresh_token,
          expiresAt: new Date(now + parsed.data.expires_in * 1000).toISOString(),
        },
      };
    }
    const detail =
      field(answer.json, 'error_description') ??
      field(answer.json, 'error') ??
      field(answer.json, 'fault', 'faultstring') ??
      field(answer.json, 'message') ??
      (parsed.success ? '' : 'an answer without access_token, refresh_token and expires_in');
    return refused(
      'token_refresh_failed',
      `The Trustpilot access token has expired and Trustpilot refused to renew it (${answer.status}${detail ? `: ${detail}` : ''}); nothing was posted. The refresh token may have expired (after 30 days) or been revoked: authorize the app again, store the new TRUSTPILOT_ACCESS_TOKEN and TRUSTPILOT_REFRESH_TOKEN, and send the reply again.`,
    );
  }

  private async readDocument(): Promise<TokensDocument> {
    const text = await this.deps.secrets.get('TRUSTPILOT_TOKENS');
    if (text === undefined) return {};
    try {
      const parsed = TokensDocument.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : {};
    } catch {
      return {};
    }
  }
}

const refused = (code: string, message: string): Refreshed => ({
  kind: 'refused',
  problem: { code, message },
});
