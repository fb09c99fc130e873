/** `npx responder …`: operator tools for the cases API, the dead-letter queues and replays. */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type RuntimeHandle, readRuntimeHandle } from '../../infra/local/runtime-handle';
import { openApiDocument } from '../../shared/adapters/cases-api/openapi';
import { OPERATIONS } from '../../shared/adapters/cases-api/operations';
import { WebhookSecretError } from '../../shared/adapters/platforms/generic';
import { ConfigError } from '../../shared/domain/config/responder-config';
import { describeTestAlert, sendTestAlert } from './alert-test';
import { CliError } from './api-client';
import { actOnCase, listCases, showCase } from './cases';
import { validateConfigFile } from './config';
import { inspectDeadLetters, queueUrlOf, redriveDeadLetters } from './dlq';
import { listIncidents, replyToIncident, resolveIncident, showIncident } from './incidents';
import { correctTriage, exportLabels } from './labels';
import { progressBar, readReplayFile, replayMentions, replaySummary } from './replay';
import { replyFromCase } from './replies';
import { apiTargetOf, sqsClientOf, webhookSecretsOf } from './targets';

export const USAGE = `usage: responder <command> [options]

With no --url, --token or --secret the commands use the runtime \`npm start\` is running here (it
leaves .data/local-runtime.json); against AWS pass --url and --token (or set $RESPONDER_URL and
$CASES_API_TOKEN) and, for the queues, --profile or --region.

cases (against --url, default $RESPONDER_URL, the local runtime or http://localhost:3000)
  list [--status open,acknowledged] [--priority P1,P2] [--source x] [--brand id]
       [--assignee name] [--intent complaint] [--breached true|false] [--amplify true|false]
       [--needs-reply true|false|any] [--limit 25] [--cursor c]   (default: cases needing a reply)
  show <caseId> [--json]                                 readable; --json for the API's form
  acknowledge <caseId>
  assign <caseId> <name> | assign <caseId> --unassign
  note <caseId> --text "…"                               internal note on the timeline
  respond <caseId> [--text "…"] [--link https://…]       record a response made elsewhere: stops the clock
  resolve <caseId> [--reason text]
  reopen <caseId> [--reason text]
  correct <caseId> [--priority P2] [--sentiment negative|neutral|positive] [--intents complaint,question]
          [--complaint true|false] [--needs-reply true|false] [--mention mentionId]
  labels export [--out labels.jsonl]                     corrected mentions as JSON Lines
  reply <caseId> --text "…" [--private] [--mention id]      on the platform, as the brand
  take-offline <caseId> [--public "…"] [--private-text "…"]  public acknowledgement, then a DM

incidents (same --url and --token)
  incidents list [--limit 25] [--cursor c]              newest first
  incidents show <incidentId> [--limit 25] [--cursor c] [--json]   with a page of its cases
  incidents reply <incidentId> --text "…" [--private] [--key k]
      one reply to every case not resolved, paced; prints its idempotency key: retry with --key
  incidents resolve <incidentId> [--reason text]        the incident and every case in it

alerts (same --url and --token)
  alert test --channel slack|pagerduty|sns|webhook [--timeout-seconds 60]
      publishes a synthetic escalation through the bus, the channel's rule and the notifier,
      and reports whether it was delivered (exit 0) or why not (exit 1)

dead-letter queues (the local runtime's queues, or AWS with --profile, --region or the SDK's variables;
  in AWS a bare name such as mentions-dlq finds the stage's social-responder-<stage>-mentions-dlq)
  dlq inspect [--queue mentions-dlq] [--max 10]
  dlq redrive [--queue mentions-dlq] [--to mentions] [--max 100]

tools
  replay <mentions.jsonl> [--url …] [--secret whsec_…]   signed with $GENERIC_WEBHOOK_SECRETS by default
  config validate <config.json>
  openapi                                                the API's OpenAPI document`;

export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Rewrites the current line (progress bars). */
  readonly status: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The running local runtime, if any; reads .data/local-runtime.json by default. */
  readonly runtimeHandle?: () => RuntimeHandle | undefined;
}

const processIo: CliIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  status: (text) => process.stderr.write(`\r${text}`),
  env: process.env,
};

const OPTIONS = {
  url: { type: 'string' },
  token: { type: 'string' },
  profile: { type: 'string' },
  region: { type: 'string' },
  secret: { type: 'string' },
  status: { type: 'string' },
  priority: { type: 'string' },
  source: { type: 'string' },
  brand: { type: 'string' },
  assignee: { type: 'string' },
  intent: { type: 'string' },
  amplify: { type: 'string' },
  breached: { type: 'string' },
  limit: { type: 'string' },
  cursor: { type: 'string' },
  reason: { type: 'string' },
  json: { type: 'boolean' },
  link: { type: 'string' },
  unassign: { type: 'boolean' },
  text: { type: 'string' },
  private: { type: 'boolean' },
  mention: { type: 'string' },
  public: { type: 'string' },
  'private-text': { type: 'string' },
  queue: { type: 'string' },
  to: { type: 'string' },
  max: { type: 'string' },
  sentiment: { type: 'string' },
  intents: { type: 'string' },
  complaint: { type: 'string' },
  'needs-reply': { type: 'string' },
  out: { type: 'string' },
  channel: { type: 'string' },
  key: { type: 'string' },
  'timeout-seconds': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const LIST_FILTERS = [
  'status',
  'priority',
  'source',
  'brand',
  'assignee',
  'intent',
  'breached',
  'amplify',
  'limit',
  'cursor',
] as const;

const positiveInt = (text: string | undefined, fallback: number, name: string): number => {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new CliError(`--${name} must be a positive integer`);
  return value;
};

const flag = (text: string | undefined, name: string): boolean | undefined => {
  if (text === undefined) return undefined;
  if (text !== 'true' && text !== 'false') throw new CliError(`--${name} must be true or false`);
  return text === 'true';
};

const required = (value: string | undefined, what: string): string => {
  if (!value) throw new CliError(`missing ${what}\n\n${USAGE}`);
  return value;
};

/** Runs one command; returns the process exit code (0 ok, 1 failed, 2 bad usage). */
export const main = async (argv: readonly string[], io: CliIo = processIo): Promise<number> => {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: OPTIONS,
      allowPositionals: true,
    });
    const [command, ...rest] = positionals;
    if (values.help || !command) {
      io.out(USAGE);
      return command || values.help ? 0 : 2;
    }
    const handle = (io.runtimeHandle ?? readRuntimeHandle)();
    const target = apiTargetOf(values, io.env, handle);
    switch (command) {
      case 'list': {
        const filters = Object.fromEntries(
          LIST_FILTERS.flatMap((name) => (values[name] ? [[name, values[name]]] : [])),
        );
        if (values['needs-reply']) filters.needsReply = values['needs-reply'];
        io.out(await listCases(target, filters));
        return 0;
      }
      case 'show':
        io.out(await showCase(target, required(rest[0], 'case id'), values.json === true));
        return 0;
      case 'acknowledge':
        io.out(await actOnCase(target, 'acknowledge', required(rest[0], 'case id')));
        return 0;
      case 'assign': {
        const caseId = required(rest[0], 'case id');
        const assignee = values.unassign ? null : required(rest[1], 'assignee (or --unassign)');
        io.out(await actOnCase(target, 'assign', caseId, { assignee }));
        return 0;
      }
      case 'note':
        io.out(
          await actOnCase(target, 'note', required(rest[0], 'case id'), {
            text: required(values.text, '--text'),
          }),
        );
        return 0;
      case 'respond': {
        const caseId = required(rest[0], 'case id');
        if (!values.text && !values.link) {
          throw new CliError(`respond needs --text, --link or both\n\n${USAGE}`);
        }
        io.out(
          await actOnCase(target, 'respond', caseId, {
            ...(values.text ? { text: values.text } : {}),
            ...(values.link ? { url: values.link } : {}),
          }),
        );
        return 0;
      }
      case 'resolve':
      case 'reopen':
        io.out(
          await actOnCase(
            target,
            command,
            required(rest[0], 'case id'),
            values.reason ? { reason: values.reason } : {},
          ),
        );
        return 0;
      case 'correct': {
        const complaint = flag(values.complaint, 'complaint');
        const needsResponse = flag(values['needs-reply'], 'needs-reply');
        io.out(
          await correctTriage(target, required(rest[0], 'case id'), {
            ...(values.priority ? { priority: values.priority } : {}),
            ...(values.sentiment ? { sentiment: values.sentiment } : {}),
            ...(values.intents ? { intents: values.intents.split(',') } : {}),
            ...(complaint === undefined ? {} : { complaint }),
            ...(needsResponse === undefined ? {} : { needsResponse }),
            ...(values.mention ? { mentionId: values.mention } : {}),
          }),
        );
        return 0;
      }
      case 'incidents': {
        const page = Object.fromEntries(
          (['limit', 'cursor'] as const).flatMap((name) =>
            values[name] ? [[name, values[name]]] : [],
          ),
        );
        switch (rest[0]) {
          case 'list':
            io.out(await listIncidents(target, page));
            return 0;
          case 'show':
            io.out(
              await showIncident(
                target,
                required(rest[1], 'incident id'),
                page,
                values.json === true,
              ),
            );
            return 0;
          case 'reply':
            io.out(
              await replyToIncident(target, required(rest[1], 'incident id'), {
                text: required(values.text, '--text'),
                visibility: values.private ? 'private' : 'public',
                ...(values.key ? { key: values.key } : {}),
              }),
            );
            return 0;
          case 'resolve':
            io.out(await resolveIncident(target, required(rest[1], 'incident id'), values.reason));
            return 0;
          default:
            throw new CliError(`incidents needs list, show, reply or resolve\n\n${USAGE}`);
        }
      }
      case 'labels': {
        if (rest[0] !== 'export') throw new CliError(`unknown labels command\n\n${USAGE}`);
        const lines = await exportLabels(target);
        if (values.out) {
          writeFileSync(values.out, lines.map((line) => `${line}\n`).join(''));
          io.out(`wrote ${lines.length} labelled mentions to ${values.out}`);
        } else {
          for (const line of lines) io.out(line);
        }
        return 0;
      }
      case 'alert': {
        if (rest[0] !== 'test') throw new CliError(`alert needs test\n\n${USAGE}`);
        const outcome = await sendTestAlert(target, values.channel, {
          timeoutSeconds: positiveInt(values['timeout-seconds'], 60, 'timeout-seconds'),
        });
        const line = describeTestAlert(values.channel ?? '', outcome);
        if (outcome.status === 'delivered') {
          io.out(line);
          return 0;
        }
        io.err(line);
        return 1;
      }
      case 'reply':
        io.out(
          await replyFromCase(target, 'reply', required(rest[0], 'case id'), {
            text: required(values.text, '--text'),
            visibility: values.private ? 'private' : 'public',
            ...(values.mention ? { mentionId: values.mention } : {}),
          }),
        );
        return 0;
      case 'take-offline':
        io.out(
          await replyFromCase(target, 'take-offline', required(rest[0], 'case id'), {
            ...(values.public ? { publicText: values.public } : {}),
            ...(values['private-text'] ? { privateText: values['private-text'] } : {}),
            ...(values.mention ? { mentionId: values.mention } : {}),
          }),
        );
        return 0;
      case 'dlq': {
        const client = sqsClientOf(values, io.env, handle);
        try {
          const from = await queueUrlOf(client, values.queue ?? 'mentions-dlq');
          if (rest[0] === 'inspect') {
            const letters = await inspectDeadLetters(
              client,
              from,
              positiveInt(values.max, 10, 'max'),
            );
            for (const letter of letters) io.out(JSON.stringify(letter));
            io.err(`${letters.length} message(s) in ${from}`);
            return 0;
          }
          if (rest[0] === 'redrive') {
            const to = await queueUrlOf(client, values.to ?? 'mentions');
            const moved = await redriveDeadLetters(
              client,
              from,
              to,
              positiveInt(values.max, 100, 'max'),
            );
            io.out(`moved ${moved} message(s) from ${from} to ${to}`);
            return 0;
          }
          throw new CliError(`dlq needs inspect or redrive\n\n${USAGE}`);
        } finally {
          client.destroy();
        }
      }
      case 'replay': {
        const path = required(rest[0], 'JSONL file');
        const { mentions, bad } = await readReplayFile(path, new Date());
        const secrets = required(
          webhookSecretsOf(values, io.env, handle, target.url),
          'signing secret (--secret or GENERIC_WEBHOOK_SECRETS; found by itself when npm start runs here)',
        );
        const result = await replayMentions({
          url: target.url,
          secrets,
          mentions,
          onProgress: (done, total) => io.status(progressBar(done, total)),
        });
        io.status('\n');
        const { errors, summary, code } = replaySummary(path, bad, result);
        for (const line of errors) io.err(line);
        io.out(summary);
        return code;
      }
      case 'config':
        if (rest[0] !== 'validate') throw new CliError(`config needs validate\n\n${USAGE}`);
        io.out(await validateConfigFile(required(rest[1], 'configuration file')));
        return 0;
      case 'openapi':
        io.out(JSON.stringify(openApiDocument(OPERATIONS), null, 2));
        return 0;
      default:
        throw new CliError(`unknown command ${command}\n\n${USAGE}`);
    }
  } catch (error) {
    if (
      error instanceof CliError ||
      error instanceof ConfigError ||
      error instanceof WebhookSecretError ||
      (error instanceof TypeError &&
        'code' in error &&
        String(error.code).startsWith('ERR_PARSE_ARGS'))
    ) {
      io.err(error.message);
      return error instanceof CliError && error.message.includes(USAGE) ? 2 : 1;
    }
    io.err(`failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
};
