/**
 * The triage use case: one queue message in, its effects on the cases stored in one transaction,
 * then the case events that something consumes published (a brand reply's Case Responded; a
 * customer mention's only effects are its case: no rule listens for Case Opened or Case Updated,
 * and the report counters are summed from the table's stream). Safe to run twice for the same
 * message and concurrently for mentions of the same author.
 */
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { Case } from '../contracts/case';
import { caseEventDetail } from '../contracts/case-event-detail';
import type {
  AuthorProfile,
  CaseMention,
  MentionSeen,
  PendingEvent,
} from '../contracts/case-records';
import { CaseResponded, EVENTS, type EventDefinition } from '../contracts/events';
import { type Mention, mentionId as mentionIdOf } from '../contracts/mention';
import type { MentionDeleted, MentionReceived, QueueMessage } from '../contracts/queue-message';
import {
  type Classification,
  mentionTriageRecordOf,
  type Priority,
  type TriageDecision,
} from '../contracts/triage';
import { authorHistoryOf, nextAuthorProfile, profileCounts } from '../domain/cases/author-history';
import {
  authorKeyOf,
  conversationKeyOf,
  recordBrandReply,
  threadCustomerMention,
} from '../domain/cases/threading';
import type { ResponderConfig } from '../domain/config/responder-config';
import { countsTowardTopics, topicsOf } from '../domain/incidents/topics';
import { selectPolicy } from '../domain/sla/deadlines';
import { policyForBrand } from '../domain/triage/policy';
import type { Classifier, DecideTriage } from '../domain/triage/port';
import type { IncidentTracker } from './incident-tracker';
import type { EventSink } from './ports/event-sink';
import { TriageConflictError, type TriageRecords } from './ports/triage-records';
import type { ReplyEchoes } from './reply-echoes';

const DAY_SECONDS = 86_400;
/** Attempts at one mention's transaction when other writers keep changing what it read. */
const MAX_ATTEMPTS = 10;
/** The longest wait between two attempts: ten attempts wait about 5.5 s in all on average. */
const MAX_BACKOFF_MS = 2_000;

/** What handling one queue message did; `priority` is the case's after the change. */
export type TriageResult =
  | {
      readonly outcome: 'opened' | 'joined' | 'noted';
      readonly caseId: string;
      readonly priority: Priority;
    }
  | {
      readonly outcome: 'responded';
      readonly caseId: string;
      readonly priority: Priority;
      /** Set when this reply was the case's first response. */
      readonly firstResponseSeconds?: number;
    }
  | { readonly outcome: 'unmatched' | 'duplicate' | 'deleted' };

/** A mention kept conflicting with concurrent writers; the message is retried by the queue. */
export class TriageRetryExhaustedError extends Error {
  override name = 'TriageRetryExhaustedError';
}

export interface MentionTriageDeps {
  readonly store: TriageRecords;
  readonly events: EventSink;
  readonly classifier: Classifier;
  readonly decide: DecideTriage;
  readonly config: ResponderConfig;
  /** Gathers the cases of a storm into one incident. */
  readonly incidents: Pick<IncidentTracker, 'observe'>;
  /** Tells a brand reply sent from the case (already its response) from one posted elsewhere. */
  readonly replyEchoes?: Pick<ReplyEchoes, 'match'>;
}

/** The id of the case a mention opens: derived from the mention, so a retried write reuses it. */
export const caseIdFor = (mention: Pick<Mention, 'id'>): string =>
  `c_${createHash('sha256').update(mention.id).digest('base64url').slice(0, 22)}`;

/** A mention counts toward its topics when it was posted, unless the platform's clock runs ahead. */
const countedAtOf = (mention: Mention, now: Date): Date =>
  new Date(Math.min(Date.parse(mention.createdAt), now.getTime()));

/**
 * How long a mention may wait after its `attempt`-th conflict: 100 ms doubling up to 2 s. The wait
 * is a random part of it (full jitter), so writers of one author spread out.
 */
export const conflictWaitWindowMs = (attempt: number): number =>
  Math.min(MAX_BACKOFF_MS, 50 * 2 ** attempt);

const jitteredBackoff = (attempt: number) =>
  new Promise<void>((resolve) =>
    setTimeout(resolve, Math.random() * conflictWaitWindowMs(attempt)),
  );

/** A mention's incident topics, and whether it counts toward them (countsTowardTopics). */
interface MentionTopics {
  readonly topics: readonly string[];
  readonly counted: boolean;
}

interface Prepared {
  readonly result: TriageResult;
  readonly events: PendingEvent[];
  readonly topics?: MentionTopics;
  /** A follow-up's author profile as read before its commit, to be updated after it. */
  readonly authorAfterCommit?: { readonly read: AuthorProfile | undefined };
}

const pending = <S extends z.ZodType>(
  definition: EventDefinition<S>,
  detail: z.input<S>,
): PendingEvent => ({ detailType: definition.detailType, detail });

export class MentionTriage {
  constructor(private readonly deps: MentionTriageDeps) {}

  /**
   * Handles one queue message at business time `now`. A customer mention is not looked up first:
   * its transaction's condition on the seen item tells a redelivery, which then repeats only the
   * idempotent steps after the commit. A brand reply is, as matching it to a reply sent from its
   * case must happen once.
   */
  async handle(message: QueueMessage, now: Date): Promise<TriageResult> {
    if (message.type === 'mention.deleted') return this.markDeleted(message, now);
    const { mention } = message;
    if (mention.kind === 'brand_reply') {
      const seen = await this.deps.store.getSeen(mention.id);
      if (seen) return this.redelivered(mention, seen, now);
    }
    const classification =
      mention.kind === 'brand_reply' ? undefined : await this.deps.classifier.classify(mention);
    for (let attempt = 1; ; attempt++) {
      try {
        if (await this.revisesDeletedPost(mention)) {
          return this.rememberDeleted(mention.id, now);
        }
        const prepared = classification
          ? await this.writeCustomerMention(message, classification, now)
          : await this.writeBrandReply(message, now);
        if (prepared.result.outcome === 'duplicate') {
          const seen = await this.deps.store.getSeen(mention.id);
          return seen ? this.redelivered(mention, seen, now) : prepared.result;
        }
        await this.publish(mention.id, prepared.events);
        if (prepared.authorAfterCommit && 'caseId' in prepared.result) {
          await this.countAuthorMention(
            mention,
            prepared.result.caseId,
            prepared.authorAfterCommit,
          );
        }
        if ('caseId' in prepared.result) {
          await this.observeIncidents(
            mention,
            prepared.result.caseId,
            prepared.topics,
            countedAtOf(mention, now),
            now,
          );
        }
        return prepared.result;
      } catch (error) {
        if (!(error instanceof TriageConflictError)) throw error;
        if (attempt >= MAX_ATTEMPTS) {
          throw new TriageRetryExhaustedError(
            `mention ${mention.id} conflicted ${attempt} times with concurrent writers`,
            { cause: error },
          );
        }
        await jitteredBackoff(attempt);
      }
    }
  }

  /**
   * A mention handled before: the events still in its outbox are published, and the steps a crash
   * after the commit may have left undone are repeated: the author update (unless the profile
   * already counts the mention) and the incident step (idempotent; the mention counts when it was
   * first triaged).
   */
  private async redelivered(mention: Mention, seen: MentionSeen, now: Date): Promise<TriageResult> {
    await this.publishPending(seen);
    if (mention.kind !== 'brand_reply' && seen.caseId && !seen.deleted) {
      await this.countAuthorMention(mention, seen.caseId);
    }
    await this.observeIncidents(
      mention,
      seen.caseId,
      seen.topics && { topics: seen.topics, counted: !seen.repeat },
      countedAtOf(mention, new Date(seen.seenAt)),
      now,
    );
    return { outcome: 'duplicate' };
  }

  /**
   * Counts a follow-up in its author's profile, after the commit that joined it to `caseId`: one
   * conditional update of the author item, outside the transaction (the transaction guards the
   * mention, its case and, when a mention opens a case, the author's open cases; a follow-up
   * changes only the author's counts and times). `first` is the profile read before the commit,
   * for the mention's first update; a conflict, or a repeat after a redelivery, reads the profile
   * again and leaves it alone when it already counts the mention (`profileCounts`).
   */
  private async countAuthorMention(
    mention: Mention,
    caseId: string,
    first?: { readonly read: AuthorProfile | undefined },
  ): Promise<void> {
    const { store, config } = this.deps;
    const policy = policyForBrand(config.triage, mention.brand);
    const reread = () => store.getAuthorProfile(mention.source, mention.author.id);
    let previous = first ? first.read : await reread();
    for (let attempt = 1; ; attempt++) {
      if ((!first || attempt > 1) && profileCounts(previous, mention, policy)) return;
      const next = nextAuthorProfile({ previous, mention, caseId, opened: false, policy });
      if ((await store.updateAuthor({ next, expectedVersion: previous?.version })) === 'updated') {
        return;
      }
      if (attempt >= MAX_ATTEMPTS) {
        throw new TriageRetryExhaustedError(
          `the author update of mention ${mention.id} conflicted ${attempt} times with concurrent writers`,
        );
      }
      await jitteredBackoff(attempt);
      previous = await reread();
    }
  }

  private mentionItem(
    message: MentionReceived,
    caseId: string,
    decision: TriageDecision | undefined,
    now: Date,
  ): CaseMention {
    const expiresAt =
      Math.floor(now.getTime() / 1000) + this.deps.config.retention.mentionTextDays * DAY_SECONDS;
    return {
      ...message.mention,
      caseId,
      receivedAt: message.receivedAt,
      ...(decision ? { triage: mentionTriageRecordOf(decision) } : {}),
      expiresAt,
    };
  }

  private seenOf(
    mention: Mention,
    caseId: string | undefined,
    events: PendingEvent[],
    now: Date,
    topics?: MentionTopics,
  ): MentionSeen {
    return {
      mentionId: mention.id,
      seenAt: now.toISOString(),
      ...(caseId ? { caseId } : {}),
      ...(events.length ? { pendingEvents: events } : {}),
      ...(topics?.topics.length ? { topics: [...topics.topics] } : {}),
      ...(topics?.topics.length && !topics.counted ? { repeat: true } : {}),
    };
  }

  private async observeIncidents(
    mention: Mention,
    caseId: string | undefined,
    topics: MentionTopics | undefined,
    countedAt: Date,
    now: Date,
  ): Promise<void> {
    if (!caseId || !topics?.topics.length) return;
    await this.deps.incidents.observe({
      brand: mention.brand,
      topics: topics.topics,
      counted: topics.counted,
      mentionId: mention.id,
      caseId,
      countedAt,
      now,
    });
  }

  /** Follows a merged case to the case it was merged into (one step, as merges are flat). */
  private async liveCase(caseId: string): Promise<Case | undefined> {
    const found = await this.deps.store.getCase(caseId);
    return found?.mergedInto ? this.deps.store.getCase(found.mergedInto) : found;
  }

  private async writeCustomerMention(
    message: MentionReceived,
    classification: Classification,
    now: Date,
  ): Promise<Prepared> {
    const { mention } = message;
    const { store, config } = this.deps;
    const [{ profile, linked }, thread] = await Promise.all([
      store.getAuthorWithLinks(mention.source, mention.author.id),
      mention.conversationId ? store.getThread(mention.source, mention.conversationId) : undefined,
    ]);
    const policy = policyForBrand(config.triage, mention.brand);
    const decision = this.deps.decide({
      mention,
      classification,
      history: authorHistoryOf(profile, mention, policy, linked),
      policy: config.triage,
    });
    const pointer = profile?.openCases[conversationKeyOf(mention)];
    const candidate = pointer ? await this.liveCase(pointer.caseId) : undefined;
    const outcome = threadCustomerMention({
      mention,
      decision,
      candidate,
      newCaseId: caseIdFor(mention),
      slaPolicy: selectPolicy(config.sla.policies, mention),
      threadWindowHours: policy.threadWindowHours,
      now,
    });
    const next = outcome.case;
    const topics: MentionTopics = {
      topics: decision.chronic
        ? []
        : topicsOf({
            text: mention.text,
            classification: decision.classification,
            salientTerms: config.incidents.salientTerms,
            brandWords: [mention.brand],
          }),
      counted: countsTowardTopics({
        createdAt: mention.createdAt,
        previousMentionAt: outcome.kind === 'joined' ? outcome.previous.lastMentionAt : undefined,
        windowMinutes: config.incidents.windowMinutes,
      }),
    };
    const threadChanged =
      mention.conversationId !== undefined &&
      (thread?.caseId !== next.caseId || thread.authorKey !== authorKeyOf(mention));
    const written = await store.commit({
      seen: this.seenOf(mention, next.caseId, [], now, topics),
      mention: this.mentionItem(message, next.caseId, decision, now),
      case: {
        ...(outcome.kind === 'joined' ? { previous: outcome.previous } : {}),
        next,
        timeline: outcome.timeline,
      },
      // Opening a case changes the author's open cases: guarded with it. A follow-up's update follows.
      ...(outcome.kind === 'opened'
        ? {
            author: {
              next: nextAuthorProfile({
                previous: profile,
                mention,
                caseId: next.caseId,
                opened: true,
                policy,
              }),
              expectedVersion: profile?.version,
            },
          }
        : {}),
      ...(threadChanged && mention.conversationId
        ? {
            thread: {
              next: {
                source: mention.source,
                conversationId: mention.conversationId,
                caseId: next.caseId,
                authorKey: authorKeyOf(mention),
                version: (thread?.version ?? 0) + 1,
              },
              expectedVersion: thread?.version,
            },
          }
        : {}),
    });
    return written === 'duplicate'
      ? { result: { outcome: 'duplicate' }, events: [] }
      : {
          result: { outcome: outcome.kind, caseId: next.caseId, priority: next.priority },
          events: [],
          topics,
          ...(outcome.kind === 'joined' ? { authorAfterCommit: { read: profile } } : {}),
        };
  }

  /** The customer case a brand reply answers: the replied-to mention's case, else the conversation's. */
  private async answeredCase(reply: Mention): Promise<Case | undefined> {
    const { store } = this.deps;
    if (reply.inReplyToId) {
      const repliedTo = await store.getSeen(mentionIdOf(reply.source, reply.inReplyToId));
      if (repliedTo?.caseId) return this.liveCase(repliedTo.caseId);
    }
    if (!reply.conversationId) return undefined;
    const thread = await store.getThread(reply.source, reply.conversationId);
    return thread ? this.liveCase(thread.caseId) : undefined;
  }

  private async writeBrandReply(message: MentionReceived, now: Date): Promise<Prepared> {
    const reply = message.mention;
    const { store } = this.deps;
    const target = await this.answeredCase(reply);
    if (!target) {
      const written = await store.commit({ seen: this.seenOf(reply, undefined, [], now) });
      return {
        result: { outcome: written === 'duplicate' ? 'duplicate' : 'unmatched' },
        events: [],
      };
    }
    // A reply sent from the case recorded its response when it was sent (or now, if its outcome
    // was unknown): its echo joins the timeline and records nothing more.
    const echo = await this.deps.replyEchoes?.match(target.caseId, reply);
    const echoEvents =
      echo?.outcome === 'reconciled'
        ? echo.events.map((event) => pending(event.definition, event.detail))
        : [];
    const outcome =
      echo && echo.outcome !== 'not_ours'
        ? ({ kind: 'noted', case: target } as const)
        : recordBrandReply({ reply, target, now });
    const mention = this.mentionItem(message, target.caseId, undefined, now);
    if (outcome.kind === 'noted') {
      const written = await store.commit({
        seen: this.seenOf(reply, target.caseId, echoEvents, now),
        mention,
      });
      return {
        result:
          written === 'duplicate'
            ? { outcome: 'duplicate' }
            : { outcome: 'noted', caseId: target.caseId, priority: target.priority },
        events: echoEvents,
      };
    }
    const actor = outcome.timeline[0]?.actor ?? { type: 'platform' as const, id: reply.source };
    const events = [pending(CaseResponded, { ...caseEventDetail(outcome.case, now), actor })];
    const first = outcome.previous.firstResponseAt === undefined;
    const written = await store.commit({
      seen: this.seenOf(reply, target.caseId, events, now),
      mention,
      case: { previous: target, next: outcome.case, timeline: outcome.timeline },
    });
    if (written === 'duplicate') return { result: { outcome: 'duplicate' }, events: [] };
    const { priority, firstResponseSeconds } = outcome.case;
    return {
      result: {
        outcome: 'responded',
        caseId: target.caseId,
        priority,
        ...(first && firstResponseSeconds !== undefined ? { firstResponseSeconds } : {}),
      },
      events,
    };
  }

  private async publish(mentionId: string, events: readonly PendingEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.deps.events.publishAll(
      events.map((event) => ({ definition: definitionOf(event.detailType), detail: event.detail })),
    );
    await this.deps.store.clearPendingEvents(mentionId);
  }

  /** A redelivered message whose events did not make it to the bus publishes them now. */
  private async publishPending(seen: MentionSeen): Promise<void> {
    if (seen.pendingEvents?.length) await this.publish(seen.mentionId, seen.pendingEvents);
  }

  /** An edit of a post its author has since removed: its text must not be kept. */
  private async revisesDeletedPost(mention: Mention): Promise<boolean> {
    if (!mention.revisionOf) return false;
    const post = await this.deps.store.getSeen(mentionIdOf(mention.source, mention.revisionOf));
    return post?.deleted === true;
  }

  /** Marks a mention not yet triaged as deleted, so it is a no-op if it still arrives. */
  private async rememberDeleted(mentionId: string, now: Date): Promise<TriageResult> {
    const written = await this.deps.store.commit({
      seen: { mentionId, seenAt: now.toISOString(), deleted: true },
    });
    return { outcome: written === 'duplicate' ? 'duplicate' : 'deleted' };
  }

  /**
   * The author removed a post: its text goes, and so does the text of every revision (edit) of
   * it, each a mention of its own. The post is marked first, so a revision triaged from then on
   * sees it deleted and keeps no text.
   */
  private async markDeleted(message: MentionDeleted, now: Date): Promise<TriageResult> {
    await this.markOneDeleted(message.mentionId, message.deletedAt, now);
    for (const revisionId of await this.deps.store.listRevisions(message.mentionId)) {
      await this.markOneDeleted(revisionId, message.deletedAt, now);
    }
    return { outcome: 'deleted' };
  }

  private async markOneDeleted(mentionId: string, deletedAt: string, now: Date): Promise<void> {
    const { store } = this.deps;
    const seen = await store.getSeen(mentionId);
    if (seen) {
      await store.markMentionDeleted(seen, deletedAt, now);
      return;
    }
    // Deleted before it was triaged: remember it, so the mention (if it still arrives) is a no-op.
    const { outcome } = await this.rememberDeleted(mentionId, now);
    if (outcome === 'duplicate') await this.markOneDeleted(mentionId, deletedAt, now);
  }
}

const definitionOf = (detailType: string): EventDefinition<z.ZodType> => {
  const definition = EVENTS.find((candidate) => candidate.detailType === detailType);
  if (!definition) throw new TriageOutboxError(`unknown event type ${detailType} in the outbox`);
  return definition;
};

export class TriageOutboxError extends Error {
  override name = 'TriageOutboxError';
}
