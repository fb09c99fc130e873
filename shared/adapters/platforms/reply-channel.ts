/**
 * Sends a reply with the client of its target's platform and the credentials of its brand.
 *
 * Credentials per brand live in the REPLY_CREDENTIALS secret, a JSON object by brand id, each
 * brand holding the names below; the app secrets (X_CONSUMER_SECRET, META_APP_SECRET) and the
 * integrations' GENERIC_WEBHOOK_SECRETS are the ones ingest verifies webhooks with. The default
 * brand may also take each name from a secret of its own (the local runtime's variables).
 */
import * as z from 'zod';
import type { Reply, ReplyProblem } from '../../contracts/reply';
import { BRAND_TOKEN_NAMES, type SecretSource } from '../../contracts/secrets';
import { DEFAULT_BRAND_ID } from '../../domain/config/brands';
import type { Lease } from '../../use-cases/ports/lease';
import type { ReplyChannel, SendOutcome } from '../../use-cases/ports/replies';
import { META_GRAPH_BASE_URL, sendMetaReply } from './meta-replies';
import { refusedFor } from './reply-http';
import { sendTrustpilotReply, TRUSTPILOT_API_BASE_URL } from './trustpilot-replies';
import { canRefresh, type TrustpilotSeed, TrustpilotTokenKeeper } from './trustpilot-tokens';
import { sendWebhookReply } from './webhook-replies';
import { sendXReply, X_API_BASE_URL } from './x-replies';

type BrandCredentialName = (typeof BRAND_TOKEN_NAMES)[number];

const BrandCredentials = z.partialRecord(z.enum(BRAND_TOKEN_NAMES), z.string().min(1));
type BrandCredentials = z.infer<typeof BrandCredentials>;
const ReplyCredentialsDocument = z.record(z.string(), BrandCredentials);

/** Where the platforms' APIs are; the real ones unless a stand-in is named. */
export interface PlatformBaseUrls {
  readonly x: string;
  readonly meta: string;
  readonly trustpilot: string;
}

/** The base URLs from `X_API_BASE_URL`, `META_GRAPH_BASE_URL`, `TRUSTPILOT_API_BASE_URL`. */
export const platformBaseUrls = (env: {
  X_API_BASE_URL?: string | undefined;
  META_GRAPH_BASE_URL?: string | undefined;
  TRUSTPILOT_API_BASE_URL?: string | undefined;
}): PlatformBaseUrls => ({
  x: env.X_API_BASE_URL ?? X_API_BASE_URL,
  meta: env.META_GRAPH_BASE_URL ?? META_GRAPH_BASE_URL,
  trustpilot: env.TRUSTPILOT_API_BASE_URL ?? TRUSTPILOT_API_BASE_URL,
});

export interface PlatformReplyChannelDeps {
  readonly secrets: SecretSource;
  readonly baseUrls: PlatformBaseUrls;
  /** Reply URLs of integration sources (`replies.webhookUrls`). */
  readonly webhookUrls: Readonly<Record<string, string>>;
  /** Business time, for retry times. */
  readonly now: () => Date;
  /** Real time, for signed webhook timestamps. */
  readonly realNow: () => Date;
  /** How long to wait for a platform's answer before its outcome is unknown. */
  readonly timeoutMs?: number;
  /** One token refresh at a time across instances (Trustpilot's refresh token rotates). */
  readonly lease: Lease;
}

const notConfigured = (what: string, names: readonly string[]): SendOutcome =>
  refusedFor({
    code: 'not_configured',
    message: `Not sent: ${what} ${names.length > 1 ? 'are' : 'is'} not configured (${names.join(', ')}).`,
  });

const isExpiredToken = (outcome: SendOutcome): boolean =>
  outcome.kind === 'refused' && outcome.problem.code === 'token_expired';

const refused = (refreshed: { readonly problem: ReplyProblem }): SendOutcome =>
  refusedFor(refreshed.problem);

export class PlatformReplyChannel implements ReplyChannel {
  private readonly trustpilotTokens: TrustpilotTokenKeeper;

  constructor(private readonly deps: PlatformReplyChannelDeps) {
    this.trustpilotTokens = new TrustpilotTokenKeeper({
      secrets: deps.secrets,
      lease: deps.lease,
      baseUrl: deps.baseUrls.trustpilot,
      realNow: deps.realNow,
      ...(deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {}),
    });
  }

  async send(reply: Reply): Promise<SendOutcome> {
    const { deps } = this;
    const target = reply.target;
    const timeout = deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {};
    const credentials = await this.brandCredentials(reply.brand);
    if (credentials === undefined) {
      return refusedFor({
        code: 'not_configured',
        message:
          'Not sent: REPLY_CREDENTIALS is not a JSON object of brand credentials; store the brand tokens in it.',
      });
    }
    const need = async (
      what: string,
      names: readonly (BrandCredentialName | 'X_CONSUMER_SECRET' | 'META_APP_SECRET')[],
    ) => {
      const values = await Promise.all(
        names.map(async (name) =>
          name === 'X_CONSUMER_SECRET' || name === 'META_APP_SECRET'
            ? deps.secrets.get(name)
            : credentials[name],
        ),
      );
      const missing = names.filter((_name, index) => values[index] === undefined);
      return {
        values: values as string[],
        missing:
          missing.length > 0
            ? notConfigured(`${what} of brand ${reply.brand}`, missing)
            : undefined,
      };
    };
    switch (target.kind) {
      case 'x_reply':
      case 'x_direct_message': {
        const { values, missing } = await need('the X credentials', [
          'X_CONSUMER_KEY',
          'X_CONSUMER_SECRET',
          'X_ACCESS_TOKEN',
          'X_ACCESS_TOKEN_SECRET',
        ]);
        if (missing) return missing;
        const [consumerKey, consumerSecret, accessToken, accessTokenSecret] = values as [
          string,
          string,
          string,
          string,
        ];
        return sendXReply({
          target,
          text: reply.text,
          credentials: { consumerKey, consumerSecret, accessToken, accessTokenSecret },
          baseUrl: deps.baseUrls.x,
          now: deps.now,
          ...timeout,
        });
      }
      case 'facebook_comment':
      case 'instagram_comment_reply':
      case 'meta_private_reply':
      case 'meta_message': {
        const { values, missing } = await need('the Meta credentials', [
          'META_PAGE_ACCESS_TOKEN',
          'META_APP_SECRET',
        ]);
        if (missing) return missing;
        const [pageAccessToken, appSecret] = values as [string, string];
        return sendMetaReply({
          target,
          text: reply.text,
          credentials: { pageAccessToken, appSecret },
          baseUrl: deps.baseUrls.meta,
          now: deps.now,
          ...timeout,
        });
      }
      case 'trustpilot_review_reply': {
        const seed: TrustpilotSeed = {
          accessToken: credentials.TRUSTPILOT_ACCESS_TOKEN,
          refreshToken: credentials.TRUSTPILOT_REFRESH_TOKEN,
          apiKey: credentials.TRUSTPILOT_API_KEY,
          apiSecret: credentials.TRUSTPILOT_API_SECRET,
        };
        if (!seed.accessToken && !canRefresh(seed)) {
          return notConfigured(`the Trustpilot credentials of brand ${reply.brand}`, [
            'TRUSTPILOT_ACCESS_TOKEN',
          ]);
        }
        const send = (accessToken: string) =>
          sendTrustpilotReply({
            reviewId: target.reviewId,
            text: reply.text,
            accessToken,
            baseUrl: deps.baseUrls.trustpilot,
            refreshable: canRefresh(seed),
            now: deps.now,
            ...timeout,
          });
        const keeper = this.trustpilotTokens;
        let tokens = await keeper.current(reply.brand, seed);
        if (canRefresh(seed) && keeper.needsRefresh(tokens)) {
          const refreshed = await keeper.refresh(reply.brand, seed, tokens.accessToken);
          if (refreshed.kind === 'refused') return refused(refreshed);
          tokens = refreshed.tokens;
        }
        const outcome = await send(tokens.accessToken ?? '');
        // A 401 posted nothing: refresh once and send once more.
        if (!isExpiredToken(outcome) || !canRefresh(seed)) return outcome;
        const refreshed = await keeper.refresh(reply.brand, seed, tokens.accessToken);
        if (refreshed.kind === 'refused') return refused(refreshed);
        return send(refreshed.tokens.accessToken ?? '');
      }
      case 'webhook': {
        const url = deps.webhookUrls[target.source];
        const secret = await deps.secrets.get('GENERIC_WEBHOOK_SECRETS');
        if (!url)
          return notConfigured(`the reply URL of ${target.source}`, [
            `replies.webhookUrls.${target.source}`,
          ]);
        if (!secret)
          return notConfigured('the integration signing secret', ['GENERIC_WEBHOOK_SECRETS']);
        return sendWebhookReply({
          reply,
          target,
          url,
          secret,
          now: deps.now,
          realNow: deps.realNow,
          ...timeout,
        });
      }
    }
  }

  /** The brand's credentials, or undefined when REPLY_CREDENTIALS is not a readable document. */
  private async brandCredentials(brand: string): Promise<BrandCredentials | undefined> {
    const document = await this.deps.secrets.get('REPLY_CREDENTIALS');
    let stored: BrandCredentials = {};
    if (document !== undefined) {
      let parsed: z.ZodSafeParseResult<Record<string, BrandCredentials>>;
      try {
        parsed = ReplyCredentialsDocument.safeParse(JSON.parse(document));
      } catch {
        return undefined;
      }
      if (!parsed.success) return undefined;
      stored = parsed.data[brand] ?? {};
    }
    if (brand !== DEFAULT_BRAND_ID) return stored;
    const own = await Promise.all(
      BRAND_TOKEN_NAMES.map(async (name) => [name, await this.deps.secrets.get(name)] as const),
    );
    return {
      ...Object.fromEntries(own.filter(([, value]) => value !== undefined)),
      ...stored,
    };
  }
}
