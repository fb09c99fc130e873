/** `responder replay <file.jsonl>`: mentions posted as signed Standard Webhooks, with progress. */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import {
  MentionCreatedPayload,
  signStandardWebhook,
} from '../../shared/adapters/platforms/generic';
import { zodIssueLines } from '../../shared/contracts/zod-issues';
import { CliError } from './api-client';

/**
 * The webhooks of a JSONL file: each line is a `mention.created` payload, or just its `data`
 * object (wrapped, stamped with `now`). Throws CliError naming the line and field at fault.
 */
export const parseReplayFile = (text: string, now: Date): MentionCreatedPayload[] =>
  text
    .split('\n')
    .map((line, index) => ({ line: line.trim(), number: index + 1 }))
    .filter(({ line }) => line !== '')
    .map(({ line, number }) => {
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch (error) {
        throw new CliError(`line ${number} is not JSON`, { cause: error });
      }
      const payload =
        typeof json === 'object' && json !== null && 'type' in json
          ? json
          : { type: 'mention.created', timestamp: now.toISOString(), data: json };
      const parsed = MentionCreatedPayload.safeParse(payload);
      if (!parsed.success) {
        const problems = zodIssueLines(parsed.error);
        throw new CliError(`line ${number} is not a mention: ${problems.join('; ')}`, {
          cause: parsed.error,
        });
      }
      return parsed.data;
    });

/** `[########------------]  12/40` */
export const progressBar = (done: number, total: number, width = 30): string => {
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(done).padStart(String(total).length)}/${total}`;
};

export interface ReplayResult {
  readonly sent: number;
  readonly failed: { readonly line: number; readonly status: number; readonly message: string }[];
}

/**
 * Posts each payload to `<url>/webhooks/generic`, signed with the first secret of `secrets`
 * (GENERIC_WEBHOOK_SECRETS). The webhook id is derived from the mention id, so a replay is
 * recognizably the same delivery.
 */
export const replayMentions = async (input: {
  url: string;
  secrets: string;
  payloads: readonly MentionCreatedPayload[];
  onProgress: (done: number, total: number) => void;
}): Promise<ReplayResult> => {
  const failed: { line: number; status: number; message: string }[] = [];
  const endpoint = new URL('/webhooks/generic', input.url);
  for (const [index, payload] of input.payloads.entries()) {
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
    if (!response.ok) {
      failed.push({ line: index + 1, status: response.status, message: await response.text() });
    }
    input.onProgress(index + 1, input.payloads.length);
  }
  return { sent: input.payloads.length - failed.length, failed };
};

export const readReplayFile = async (path: string, now: Date) => {
  try {
    return parseReplayFile(await readFile(path, 'utf8'), now);
  } catch (error) {
    if (error instanceof CliError)
      throw new CliError(`${path}: ${error.message}`, { cause: error });
    throw new CliError(`cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
};
