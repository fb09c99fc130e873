/** Request and response schemas of the cases API: validation, types and the OpenAPI document. */
import * as z from 'zod';
import { AlertChannel } from './alert-channel';
import { Case, CaseStatus, CaseSummary, TimelineEntry } from './case';
import { CaseMention } from './case-records';
import { CaseId, KeyPart, keyPart } from './key-part';
import { Reply } from './reply';
import { Intent, Priority, TriageCorrection } from './triage';

/** A comma-separated list of enum values in a query string, e.g. `status=open,acknowledged`. */
const csvOf = <T extends string>(values: z.ZodEnum<Record<T, T>>) =>
  z
    .string()
    .transform((text) => text.split(',').map((value) => value.trim()))
    .pipe(z.array(values).min(1));

export const CaseIdParams = z.object({ caseId: CaseId });

/** The queue of an agent: statuses default to every unresolved one. */
export const ListCasesQuery = z.object({
  status: csvOf(CaseStatus)
    .default(['open', 'acknowledged', 'responded'])
    .describe('comma-separated statuses; default open,acknowledged,responded'),
  priority: csvOf(Priority).optional().describe('comma-separated priorities, e.g. P1,P2'),
  source: KeyPart.optional(),
  brand: KeyPart.optional(),
  assignee: KeyPart.optional(),
  intent: Intent.optional(),
  breached: z
    .enum(['true', 'false'])
    .transform((text) => text === 'true')
    .optional()
    .describe('true: only cases past their deadline; false: only cases within it'),
  amplify: z
    .enum(['true', 'false'])
    .transform((text) => text === 'true')
    .optional()
    .describe('true: only praise worth amplifying; false: none of it'),
  needsReply: z
    .enum(['true', 'false', 'any'])
    .default('true')
    .describe(
      'true (default): cases that need a reply, the queue; false: those recorded without one (praise, venting); any: both',
    ),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().min(1).max(1000).optional().describe('the `cursor` of the previous page'),
});
export type ListCasesQuery = z.infer<typeof ListCasesQuery>;

/** Every change names the version it was made against; a stale version gets 409. */
const Versioned = z.object({
  version: z.number().int().positive().describe('the case version this change was made against'),
});

export const AcknowledgeBody = Versioned;
export const AssignBody = Versioned.extend({
  assignee: keyPart(200).nullable().describe('null removes the assignee'),
});
export const RespondBody = Versioned.extend({
  text: z.string().min(1).max(10_000).optional().describe('the reply as sent'),
  url: z.string().url().optional().describe('link to the reply on the platform'),
}).refine((body) => body.text !== undefined || body.url !== undefined, {
  message: 'give the reply `text`, its `url`, or both',
});
export const ResolveBody = Versioned.extend({ reason: z.string().max(2000).optional() });
export const ReopenBody = ResolveBody;
export const NoteBody = Versioned.extend({ text: z.string().min(1).max(10_000) });
export const TriageCorrectionBody = Versioned.extend(TriageCorrection.shape)
  .extend({
    mentionId: z
      .string()
      .min(1)
      .max(500)
      .optional()
      .describe("the mention corrected; default the case's latest customer mention"),
  })
  .refine(
    (body) =>
      ['sentiment', 'intents', 'complaint', 'priority', 'needsResponse'].some(
        (field) => body[field as keyof typeof body] !== undefined,
      ),
    { message: 'correct at least one of sentiment, intents, complaint, priority, needsResponse' },
  );
export const MergeBody = Versioned.extend({
  sourceCaseId: CaseId.describe('the case merged into this one and resolved'),
  sourceVersion: z.number().int().positive(),
});

export const AuthorRef = z.object({
  source: KeyPart,
  id: KeyPart,
});
export const LinkAuthorsBody = z.object({
  authors: z.tuple([AuthorRef, AuthorRef]).describe('two identities of the same person'),
});

/** A day (`2026-11-24`, UTC) or an instant (`2026-11-24T09:00:00Z`). */
const DayOrInstant = z.union([z.iso.date(), z.string().datetime({ offset: true })], {
  error: 'a date (2026-11-24) or a timestamp (2026-11-24T09:00:00Z)',
});

export const ReportQuery = z
  .object({
    from: DayOrInstant.optional().describe(
      'a date (its start, UTC) or a timestamp; default seven days before `to`',
    ),
    to: DayOrInstant.optional().describe(
      'a date (the whole day is included, UTC) or a timestamp; default now',
    ),
    brand: KeyPart.optional(),
  })
  .describe('unknown parameters are refused with 400');

export const CaseListResponse = z.object({
  items: z.array(CaseSummary),
  now: z
    .string()
    .datetime({ offset: true })
    .describe("the product's clock when the list was read: deadlines count down from it"),
  cursor: z.string().optional().describe('pass as `cursor` for the next page; absent on the last'),
});
export const CaseDetailResponse = z.object({
  case: Case,
  mentions: z.array(CaseMention).describe('including those of cases merged into this one'),
  timeline: z.array(TimelineEntry),
  replies: z
    .array(Reply)
    .describe('replies sent from the case (and cases merged into it), with their state'),
});
export const CaseResponse = z.object({ case: Case });
export const MergeResponse = z.object({ case: Case, merged: Case });
export const LabelsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(500),
  cursor: z.string().min(1).max(2000).optional().describe('the `cursor` of the previous page'),
});
export const LabelsResponse = z.object({
  items: z.array(CaseMention).describe('mentions a person corrected, each with its `label`'),
  cursor: z.string().optional().describe('pass as `cursor` for the next page; absent on the last'),
});
export const LinkAuthorsResponse = z.object({ linked: z.array(z.string()) });
export const AuthorParams = z.object({ source: KeyPart, authorId: KeyPart });
export const AuthorCasesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(2000).optional().describe('the `cursor` of the previous page'),
});
export const AuthorCasesResponse = z.object({
  items: z
    .array(CaseSummary)
    .describe("the author's cases and those of identities linked to them, newest first"),
  authors: z
    .array(z.string())
    .describe('the author keys read, `<source>#<authorId>`: this one, then the linked identities'),
  cursor: z.string().optional().describe('pass as `cursor` for the next page; absent on the last'),
});
export const SlackActionsResponse = z.object({
  results: z.array(z.object({ caseId: z.string(), action: z.string(), outcome: z.string() })),
});

export const AlertTestBody = z.object({ channel: AlertChannel });
export const AlertTestParams = z.object({
  testId: z.string().regex(/^alert-test-[0-9a-f-]{36}$/, 'an id answered by POST /alerts/test'),
});
/** Where a test alert is: not yet handled by the notifier, delivered, or failed with a reason. */
export const AlertTestResponse = z.object({
  testId: z.string(),
  channel: AlertChannel.optional(),
  status: z.enum(['pending', 'delivered', 'failed']),
  reason: z.string().optional(),
  at: z.string().optional(),
});

export const ErrorResponse = z.object({
  error: z
    .object({ code: z.string(), message: z.string() })
    .catchall(z.unknown())
    .describe('409 conflicts also carry `currentVersion` and `status`'),
});
