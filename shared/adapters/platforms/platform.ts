import { ZodError } from 'zod';
import type { MentionDeleted, MentionReceived } from '../../contracts/queue-message';
import type { SecretSource } from '../../contracts/secrets';
import { type IssueAt, zodIssues } from '../../contracts/zod-issues';
import type { AccountNetwork, BrandDirectory } from '../../domain/config/brands';

/** An inbound webhook as the platform sent it. */
export interface WebhookRequest {
  readonly method: string;
  /** Header names lower-cased; repeated headers joined with a comma. */
  readonly headers: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
  /** The body exactly as the platform signed it. */
  readonly body: Buffer;
}

/** What a GET handshake (X CRC, Meta hub challenge) answers with a 200. */
export interface ChallengeAnswer {
  readonly contentType: 'application/json' | 'text/plain';
  readonly body: string;
}

/** A platform account that no configured brand owns. */
export interface RefusedAccount {
  readonly network: AccountNetwork | 'brand';
  readonly account: string;
}

/** A field that did not parse. */
export type PayloadIssue = IssueAt;

/** An entry of a webhook that could not be read: acknowledged with the rest, counted and logged. */
export interface SkippedEntry {
  /** The platform event type of the entry, e.g. `feed`, `tweet_create_events`. */
  readonly eventType: string;
  /** What did not parse, field by field. */
  readonly issues: readonly PayloadIssue[];
}

/** The first fields a zod error names. */
export const payloadIssues = (error: ZodError, limit = 10): PayloadIssue[] =>
  zodIssues(error, { limit });

/** Issues as one line: `path: message; …`. */
export const describeIssues = (issues: readonly PayloadIssue[]): string =>
  issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');

/** What one webhook becomes: queue messages, plus what was acknowledged but not kept. */
export interface NormalizedWebhook {
  /** Mention messages before their final contract check (see ingest). */
  readonly messages: (MentionReceived | MentionDeleted)[];
  /** One platform event type per event acknowledged and ignored, e.g. `favorite_events`. */
  readonly ignored: string[];
  readonly refused: RefusedAccount[];
  /** Entries that did not parse; the other entries of the webhook are kept. */
  readonly skipped: SkippedEntry[];
}

export interface NormalizeContext {
  readonly request: WebhookRequest;
  readonly brands: BrandDirectory;
  /** Business time at which the product accepted the webhook. */
  readonly receivedAt: Date;
}

/**
 * One webhook source: how it authenticates, answers handshakes and maps its payloads to mentions.
 * Adding a source means writing one of these and registering it in registry.ts.
 */
export interface Platform {
  /** The `{source}` path segment of `/webhooks/{source}`. */
  readonly route: string;
  /**
   * The mention sources this route writes, and no other route may. A route without the list (the
   * generic one) writes its integrations' own sources: any that no other route claims.
   */
  readonly sources?: readonly string[];
  /** Answers the GET handshake; sources without one answer GET with 405. */
  readonly answerChallenge?: (
    request: WebhookRequest,
    secrets: SecretSource,
  ) => Promise<ChallengeAnswer>;
  /**
   * Authenticates a POST; throws an HttpError (401, or 503 when its secret is not configured).
   * `now` is real time: signature timestamp tolerance never follows the business clock.
   */
  readonly verify: (request: WebhookRequest, secrets: SecretSource, now: Date) => Promise<void>;
  /**
   * Parses (zod) and normalizes a verified JSON payload. An envelope that does not parse throws (a
   * 400); an entry that does not parse is skipped through `WebhookCollector.entry`.
   */
  readonly normalize: (payload: unknown, context: NormalizeContext) => NormalizedWebhook;
}

/** Collects a webhook's messages, ignored events and refused accounts while it is normalized. */
export class WebhookCollector implements NormalizedWebhook {
  readonly messages: (MentionReceived | MentionDeleted)[] = [];
  readonly ignored: string[] = [];
  readonly refused: RefusedAccount[] = [];
  readonly skipped: SkippedEntry[] = [];

  constructor(private readonly receivedAt: Date) {}

  received(mention: MentionReceived['mention']): void {
    this.messages.push({
      type: 'mention.received',
      receivedAt: this.receivedAt.toISOString(),
      mention,
    });
  }

  deleted(source: string, mentionId: string, deletedAt: Date): void {
    this.messages.push({
      type: 'mention.deleted',
      receivedAt: this.receivedAt.toISOString(),
      mentionId,
      source,
      deletedAt: deletedAt.toISOString(),
    });
  }

  ignore(eventType: string, count = 1): void {
    for (let index = 0; index < count; index++) this.ignored.push(eventType);
  }

  /**
   * Normalizes one entry of a batch. An entry that does not parse is skipped, so that one
   * unreadable entry never costs the others (the platform would retry the good ones forever).
   */
  entry(eventType: string, normalizeEntry: () => void): void {
    try {
      normalizeEntry();
    } catch (error) {
      if (!(error instanceof ZodError)) throw error;
      this.skip(eventType, payloadIssues(error));
    }
  }

  skip(eventType: string, issues: readonly PayloadIssue[], count = 1): void {
    for (let index = 0; index < count; index++) this.skipped.push({ eventType, issues });
  }

  refuse(network: RefusedAccount['network'], account: string): void {
    if (
      !this.refused.some((refused) => refused.network === network && refused.account === account)
    ) {
      this.refused.push({ network, account });
    }
  }
}
