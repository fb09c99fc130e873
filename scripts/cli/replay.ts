/** `responder replay <file.jsonl>`: mentions posted as signed Standard Webhooks, with progress. */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import {
  MentionCreatedPayload,
  signStandardWebhook,
} from '../../shared/adapters/platforms/generic';
import { COUNT_DUPLICATES_PARAMETER } from '../../shared/adapters/platforms/ingest';
import { zodIssueLines } from '../../shared/contracts/zod-issues';
import { CliError } from './api-client';

/** A mention of the file, by the line it is on. */
export interface ReplayLine {
  readonly line: number;
  readonly payload: MentionCreatedPayload;
}

/** A line of the file that was not sent, or that the runtime refused, and why. */
export interface BadLine {
  readonly line: number;
  readonly reason: string;
}

/**
 * The webhooks of a JSONL file: each line is a `mention.created` payload, or just its `data`
 * object (wrapped, stamped with `now`). Blank lines are skipped; a bad line is listed with the
 * field at fault and the others are kept.
 */
export const parseReplayFile = (
  text: string,
  now: Date,
): { readonly mentions: ReplayLine[]; readonly bad: BadLine[] } => {
  const mentions: ReplayLine[] = [];
  const bad: BadLine[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      bad.push({ line, reason: 'not JSON' });
      return;
    }
    const payload =
      typeof json === 'object' && json !== null && 'type' in json
        ? json
        : { type: 'mention.created', timestamp: now.toISOString(), data: json };
    const parsed = MentionCreatedPayload.safeParse(payload);
    if (parsed.success) mentions.push({ line, payload: parsed.data });
    else bad.push({ line, reason: `not a mention: ${zodIssueLines(parsed.error).join('; ')}` });
  });
  return { mentions, bad };
};

/** `[########------------]  12/40` */
export const progressBar = (done: number, total: number, width = 30): string => {
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(done).padStart(String(total).length)}/${total}`;
};

export interface ReplayResult {
  /** Mentions the runtime took for the first time. */
  readonly sent: number;
  /** Mentions it took but had already recorded (the answer's `duplicates`): nothing new. */
  readonly duplicates: number;
  /** Lines it refused, with its status and message. */
  readonly refused: BadLine[];
}

/** The `duplicates` count of an ingest answer (0 when absent or unreadable). */
const duplicatesIn = (body: string): number => {
  try {
    const answer = JSON.parse(body) as { duplicates?: unknown };
    return typeof answer.duplicates === 'number' ? answer.duplicates : 0;
  } catch {
    return 0;
  }
};

/**
 * Posts each mention to `<url>/webhooks/generic`, signed with the first secret of `secrets`
 * (GENERIC_WEBHOOK_SECRETS), and goes on after a refusal. The webhook id is derived from the
 * mention id, so a replay is recognizably the same delivery; it asks the answer to count
 * mentions the runtime had already recorded (`?countDuplicates=true`), and such a mention is
 * counted as a duplicate, not as sent.
 */
export const replayMentions = async (input: {
  url: string;
  secrets: string;
  mentions: readonly ReplayLine[];
  onProgress: (done: number, total: number) => void;
}): Promise<ReplayResult> => {
  const refused: BadLine[] = [];
  let sent = 0;
  let duplicates = 0;
  const endpoint = new URL('/webhooks/generic', input.url);
  endpoint.searchParams.set(COUNT_DUPLICATES_PARAMETER, 'true');
  for (const [index, { line, payload }] of input.mentions.entries()) {
    const body = JSON.stringify(payload);
    const id = `msg_${createHash('sha256').update(`${payload.data.source}:${payload.data.id}`).digest('hex').slice(0, 24)}`;
    const timestamp = Math.floor(Date.now() / 1000);
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signStandardWebhook(input.secrets, { id, timestamp, body }),
      },
      body,
    }).catch((error: unknown) => {
      throw new CliError(`cannot reach ${endpoint.href}: ${(error as Error).message}`, {
        cause: error,
      });
    });
    const answer = await response.text();
    if (!response.ok) refused.push({ line, reason: `${response.status} ${answer}` });
    else if (duplicatesIn(answer) > 0) duplicates += 1;
    else sent += 1;
    input.onProgress(index + 1, input.mentions.length);
  }
  return { sent, duplicates, refused };
};

export const readReplayFile = async (path: string, now: Date) => {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
  return parseReplayFile(text, now);
};

/** The closing lines: each bad line by number, then one summary; exit 1 when any line was bad. */
export const replaySummary = (
  path: string,
  bad: readonly BadLine[],
  result: ReplayResult,
): { readonly errors: string[]; readonly summary: string; readonly code: 0 | 1 } => {
  const all = [...bad, ...result.refused].sort((a, b) => a.line - b.line);
  const total = all.length + result.sent + result.duplicates;
  const parts = [`sent ${result.sent} of ${total} mention(s)`];
  if (result.duplicates > 0) parts.push(`${result.duplicates} already received (not sent again)`);
  if (all.length > 0) {
    parts.push(`${all.length} bad line(s): ${all.map((each) => each.line).join(', ')}`);
  }
  return {
    errors: all.map((each) => `${path}:${each.line}: ${each.reason}`),
    summary: parts.join('; '),
    code: all.length > 0 ? 1 : 0,
  };
};
