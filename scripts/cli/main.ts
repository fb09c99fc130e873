/** `npx responder …`: operator tools for the cases API, the dead-letter queues and replays. */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SQSClient } from '@aws-sdk/client-sqs';
import { openApiDocument } from '../../shared/adapters/cases-api/openapi';
import { OPERATIONS } from '../../shared/adapters/cases-api/operations';
import { WebhookSecretError } from '../../shared/adapters/platforms/generic';
import { ConfigError } from '../../shared/domain/config/responder-config';
import { describeTestAlert, sendTestAlert } from './alert-test';
import { type ApiTarget, CliError } from './api-client';
import { actOnCase, listCases, showCase } from './cases';
import { validateConfigFile } from './config';
import { inspectDeadLetters, queueUrlOf, redriveDeadLetters } from './dlq';
import { correctTriage, exportLabels } from './labels';
import { progressBar, readReplayFile, replayMentions } from './replay';
import { replyFromCase } from './replies';

export const USAGE = `usage: responder <command> [options]

cases (against --url, default $RESPONDER_URL or http://localhost:3000, with --token or $CASES_API_TOKEN)
  list [--status open,acknowledged] [--priority P1,P2] [--source x] [--brand id]
       [--assignee name] [--intent complaint] [--breached true|false] [--limit 25] [--cursor c]
  show <caseId>
  acknowledge <caseId>
  resolve <caseId> [--reason text]
  correct <caseId> [--priority P2] [--sentiment negative|neutral|positive] [--intents complaint,question]
          [--complaint true|false] [--needs-reply true|false] [--mention mentionId]
  labels export [--out labels.jsonl]                     corrected mentions as JSON Lines
  reply <caseId> --text "…" [--private] [--mention id]      on the platform, as the brand
  take-offline <caseId> [--public "…"] [--private-text "…"]  public acknowledgement, then a DM

alerts (same --url and --token)
  alert test --channel slack|pagerduty|sns|webhook [--timeout-seconds 60]
      publishes a synthetic escalation through the bus, the channel's rule and the notifier,
      and reports whether it was delivered (exit 0) or why not (exit 1)

dead-letter queues (AWS credentials and region from the environment; AWS_ENDPOINT_URL_SQS locally)
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
  secret: { type: 'string' },
  status: { type: 'string' },
  priority: { type: 'string' },
  source: { type: 'string' },
  brand: { type: 'string' },
  assignee: { type: 'string' },
  intent: { type: 'string' },
  breached: { type: 'string' },
  limit: { type: 'string' },
  cursor: { type: 'string' },
  reason: { type: 'string' },
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
    const target: ApiTarget = {
      url: values.url ?? io.env.RESPONDER_URL ?? 'http://localhost:3000',
      token: values.token ?? io.env.CASES_API_TOKEN,
    };
    switch (command) {
      case 'list': {
        const filters = Object.fromEntries(
          LIST_FILTERS.flatMap((name) => (values[name] ? [[name, values[name]]] : [])),
        );
        io.out(await listCases(target, filters));
        return 0;
      }
      case 'show':
        io.out(await showCase(target, required(rest[0], 'case id')));
        return 0;
      case 'acknowledge':
        io.out(await actOnCase(target, 'acknowledge', required(rest[0], 'case id')));
        return 0;
      case 'resolve':
        io.out(
          await actOnCase(
            target,
            'resolve',
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
        const client = new SQSClient({});
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
        const payloads = await readReplayFile(required(rest[0], 'JSONL file'), new Date());
        const secrets = required(
          values.secret ?? io.env.GENERIC_WEBHOOK_SECRETS,
          'signing secret (--secret or GENERIC_WEBHOOK_SECRETS)',
        );
        const result = await replayMentions({
          url: target.url,
          secrets,
          payloads,
          onProgress: (done, total) => io.status(progressBar(done, total)),
        });
        io.status('\n');
        for (const failure of result.failed) {
          io.err(`mention ${failure.line}: ${failure.status} ${failure.message}`);
        }
        io.out(`sent ${result.sent} of ${payloads.length} mention(s)`);
        return result.failed.length === 0 ? 0 : 1;
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
