/**
 * The platform's webhook reports a brand post: when it is a reply sent from the case, it is
 * recorded once. A reply already `sent` needs nothing more; one whose outcome was `unknown` (or
 * whose send was interrupted) becomes `sent` with the platform's id, and the case's response is
 * recorded at the time of the send; the private reply that waited on it ("take it private") goes.
 */
import type { Mention } from '../contracts/mention';
import type { Reply } from '../contracts/reply';
import type { PendingCaseEvent } from '../domain/cases/case-actions';
import { isEchoOf, replySentRecord } from '../domain/replies/reply-record';
import type { SlaPolicy } from '../domain/sla/policy';
import type { ReplyOutbox, ReplyQueue } from './ports/replies';
import { releaseFollowUp } from './reply-follow-up';

export type EchoMatch =
  | { readonly outcome: 'not_ours' | 'already_recorded' }
  /** An unknown reply became sent: its response's case events are to be published. */
  | { readonly outcome: 'reconciled'; readonly events: readonly PendingCaseEvent[] };

export class ReplyEchoes {
  constructor(
    private readonly deps: {
      readonly outbox: ReplyOutbox;
      /**
       * Where the private follow-up of a settled public reply is queued; absent in a deployment
       * without a reply queue, where no reply can have been asked for.
       */
      readonly queue?: ReplyQueue;
      readonly policies: readonly SlaPolicy[];
    },
  ) {}

  /** Whether `echo` (a brand reply seen on the platform) is one of the case's replies. */
  async match(caseId: string, echo: Mention): Promise<EchoMatch> {
    const { outbox } = this.deps;
    const replies = await outbox.replies(caseId);
    const reply = replies.find(
      (candidate) =>
        candidate.source === echo.source &&
        (candidate.state === 'sent' || candidate.attemptedAt !== undefined) &&
        isEchoOf(candidate, echo),
    );
    if (!reply) return { outcome: 'not_ours' };
    if (reply.state === 'sent') return { outcome: 'already_recorded' };
    return { outcome: 'reconciled', events: await this.reconcile(reply, echo) };
  }

  private async reconcile(seen: Reply, echo: Mention): Promise<readonly PendingCaseEvent[]> {
    const sentAt = seen.attemptedAt ?? echo.createdAt;
    const reply: Reply = {
      ...seen,
      state: 'sent',
      sentAt,
      platformReplyId: echo.nativeId,
      ...(echo.url ? { url: echo.url } : {}),
    };
    const { problem: _settled, ...settled } = reply;
    for (let attempt = 1; ; attempt += 1) {
      const found = await this.deps.outbox.caseWithMentions(seen.caseId);
      if (!found) return [];
      const record = replySentRecord({
        current: found.case,
        reply: settled,
        sentAt: new Date(sentAt),
        policies: this.deps.policies,
      });
      try {
        await this.deps.outbox.recordSent(settled, record, seen);
      } catch (error) {
        if (attempt >= 5) throw error;
        continue;
      }
      const { outbox, queue } = this.deps;
      if (queue) await releaseFollowUp({ outbox, queue }, settled);
      return record.change?.events ?? [];
    }
  }
}
