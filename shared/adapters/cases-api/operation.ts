/** What an operation of the cases API is: its route, schemas, and what it does. */
import type * as z from 'zod';
import type { Actor } from '../../contracts/case';
import {
  type ApiRoute,
  CASES_API_ROUTES,
  type CasesApiOperationId,
  type HttpMethod,
  type RouteAuth,
} from '../../contracts/cases-api-routes';
import { unauthorized } from '../../contracts/http-error';
import type { SecretSource } from '../../contracts/secrets';
import type { ResponderConfig } from '../../domain/config/responder-config';
import type { CaseChangeDeps } from '../../use-cases/case-changes';
import type { ReplyOutbox, ReplyPacer, ReplyQueue } from '../../use-cases/ports/replies';
import type { DynamoDbCaseCommands } from '../dynamodb/case-commands';
import type { IncidentStore } from '../dynamodb/incident-store';
import type { ReportCounterStore } from '../dynamodb/report-counter-store';
import type { SlackResponder } from '../slack/slack-responder';

/** What the reply routes need; absent when the deployment has no replies queue. */
export interface ReplyApiDeps {
  readonly outbox: ReplyOutbox;
  readonly queue: ReplyQueue;
  /** Turns for every reply, one case or in bulk, under each platform's rate limit. */
  readonly pacer: ReplyPacer;
}

/** What the operations use; built once by the function's composition root. */
export interface CasesApiDeps extends CaseChangeDeps {
  readonly commands: DynamoDbCaseCommands;
  readonly counters: ReportCounterStore;
  readonly incidents: IncidentStore;
  readonly config: ResponderConfig;
  readonly secrets: SecretSource;
  /** Real time in epoch milliseconds, for signature timestamp tolerance (not business time). */
  readonly realNow: () => number;
  /** Updates the Slack message whose button was pressed. */
  readonly slack: Pick<SlackResponder, 'replaceMessage'>;
  /** Told when that update failed (the button's action itself went through). */
  readonly onSlackUpdateFailed: (error: unknown) => void;
  /** The reply routes' outbox and queue; absent when the deployment has no replies queue. */
  readonly replies?: ReplyApiDeps;
}

export interface OperationInput {
  readonly params: unknown;
  readonly query: unknown;
  readonly body: unknown;
  /** The caller on `user` routes; undefined on `none` routes. */
  readonly actor: Actor | undefined;
  readonly rawBody: string;
  readonly headers: Readonly<Record<string, string | undefined>>;
}

export interface Operation {
  readonly id: CasesApiOperationId;
  readonly method: HttpMethod;
  readonly path: string;
  readonly auth: RouteAuth;
  readonly summary: string;
  readonly description?: string;
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  /** A JSON body; operations that read the raw body (Slack) leave it unset. */
  readonly body?: z.ZodType;
  /** For the OpenAPI document: a body that is not JSON. */
  readonly formBody?: true;
  readonly response: z.ZodType;
  /** The success status: 200, or 202 when the work is accepted to be done later (replies). */
  readonly status?: 200 | 202;
  readonly run: (input: OperationInput, deps: CasesApiDeps) => Promise<unknown>;
}

/**
 * Types an operation's parsed input by its schemas (the router has parsed them already); its
 * method, path and authentication come from the route of its id.
 */
export const operation = <
  P extends z.ZodType = z.ZodUnknown,
  Q extends z.ZodType = z.ZodUnknown,
  B extends z.ZodType = z.ZodUnknown,
>(
  spec: Omit<Operation, 'run' | 'params' | 'query' | 'body' | keyof ApiRoute> & {
    params?: P;
    query?: Q;
    body?: B;
    run: (
      input: OperationInput & { params: z.infer<P>; query: z.infer<Q>; body: z.infer<B> },
      deps: CasesApiDeps,
    ) => Promise<unknown>;
  },
): Operation => ({ ...CASES_API_ROUTES[spec.id], ...spec }) as Operation;

export const requireActor = (actor: Actor | undefined): Actor => {
  if (!actor) throw unauthorized('unauthenticated', 'this route needs an authenticated caller');
  return actor;
};
