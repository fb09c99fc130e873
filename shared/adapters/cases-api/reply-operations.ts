/** The cases API's reply routes: a reply from a case, and "take it offline" (public, then private). */
import * as z from 'zod';
import type { Case } from '../../contracts/case';
import { CaseIdParams } from '../../contracts/cases-api';
import { HttpError } from '../../contracts/http-error';
import { Reply, ReplyVisibility } from '../../contracts/reply';
import type { ResponderConfig } from '../../domain/config/responder-config';
import { takeOfflineTexts } from '../../domain/replies/reply-templates';
import { type AskedReplies, requestReply } from '../../use-cases/request-reply';
import {
  type CasesApiDeps,
  type Operation,
  operation,
  type ReplyApiDeps,
  requireActor,
} from './operation';

const Versioned = z.object({
  version: z.number().int().positive().describe('the case version this reply was written against'),
  mentionId: z
    .string()
    .min(1)
    .optional()
    .describe('the customer mention to answer; default: their latest in the case'),
});

export const ReplyBody = Versioned.extend({
  text: z.string().trim().min(1).max(10_000).describe('the reply as it will be posted'),
  visibility: ReplyVisibility.describe(
    'public: where the customer posted; private: a direct message',
  ),
});

export const TakeOfflineBody = Versioned.extend({
  publicText: z
    .string()
    .trim()
    .min(1)
    .max(10_000)
    .optional()
    .describe('default: the case’s suggested reply, else the brand’s public template'),
  privateText: z
    .string()
    .trim()
    .min(1)
    .max(10_000)
    .optional()
    .describe('default: the brand’s private template'),
});

export const ReplyResponse = z.object({
  replies: z.array(Reply).describe('as stored: `queued`; the case detail shows their progress'),
});

export const requireReplies = (deps: CasesApiDeps): ReplyApiDeps => {
  if (!deps.replies) {
    throw new HttpError(503, 'not_configured', 'replies are not configured (REPLY_QUEUE_URL)');
  }
  return deps.replies;
};

export const webhookSources = (config: ResponderConfig): string[] =>
  Object.keys(config.replies.webhookUrls);

/** A reply route: stores the replies its body asks for, answers 202 with them as queued. */
const replyOperation = <B extends typeof Versioned>(spec: {
  id: 'replyToCase' | 'takeCaseOffline';
  summary: string;
  description: string;
  body: B;
  replies: (body: z.infer<B>, subject: Case, deps: CasesApiDeps) => AskedReplies;
}): Operation =>
  operation({
    id: spec.id,
    status: 202,
    summary: spec.summary,
    description: spec.description,
    params: CaseIdParams,
    body: spec.body,
    response: ReplyResponse,
    run: async ({ params, body, actor }, deps) => {
      const replies = requireReplies(deps);
      const typed = body as z.infer<B>;
      return {
        replies: await requestReply(
          {
            outbox: replies.outbox,
            queue: replies.queue,
            now: () => deps.clock.now(),
            webhookSources: webhookSources(deps.config),
            // The same turns as the bulk reply: every reply of a brand on a platform counts.
            pacer: replies.pacer,
          },
          {
            caseId: params.caseId,
            version: typed.version,
            actor: requireActor(actor),
            ...(typed.mentionId ? { mentionId: typed.mentionId } : {}),
            replies: (subject) => spec.replies(typed, subject, deps),
          },
        ),
      };
    },
  });

export const REPLY_OPERATIONS: readonly Operation[] = [
  replyOperation({
    id: 'replyToCase',
    summary: 'Reply to the customer on the platform, publicly or privately',
    description:
      'Stored in the case’s outbox and sent once by the reply sender; the answer names the reply and its state (`queued`). 422 when the platform does not allow the reply (a public answer to a direct message, a closed messaging window).',
    body: ReplyBody,
    replies: (body) => [{ visibility: body.visibility, text: body.text }],
  }),
  replyOperation({
    id: 'takeCaseOffline',
    summary: 'Acknowledge publicly, then continue in a direct message, in one action',
    description:
      'Two replies: the public one is sent first, the private one once the public one is posted (it fails if the public one does not go out).',
    body: TakeOfflineBody,
    replies: (body, subject, deps) => {
      const texts = takeOfflineTexts(deps.config.replies.takeOffline, subject);
      return [
        { visibility: 'public', text: body.publicText ?? texts.public },
        { visibility: 'private', text: body.privateText ?? texts.private },
      ];
    },
  }),
];
