/**
 * `npm run --silent classify -- [FILE | TEXT…]`: triages posts. With a file, or on standard input,
 * each line is a post: JSON `{"text": "…", "id": …, "language": …}` (`id` and `language` optional)
 * or plain text; arguments that name no file are one post of plain text. Each output line carries
 * id, sentiment, complaint, intents, urgency, confidence, needsResponse, priority, amplify,
 * suggestedReply (null when none), language and reasons, in input order. Problems go to standard
 * error, never to standard output.
 */
import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { z } from 'zod';
import type { Mention } from '../shared/contracts/mention';
import { zodIssueLines } from '../shared/contracts/zod-issues';
import { classifyMention } from '../shared/domain/triage/classifier';
import { decideTriage } from '../shared/domain/triage/decide';
import { TriagePolicy } from '../shared/domain/triage/policy';

const InputLine = z.object({
  id: z.union([z.string(), z.number()]).optional(),
  text: z.string(),
  language: z.string().optional(),
});

class InputLineError extends Error {
  override name = 'InputLineError';
}

const POLICY = TriagePolicy.parse({});
const NO_HISTORY = { recentMentions: 0, totalMentions: 0, casesOpened: 0 };
// A post from a file has no platform context: an anonymous author with no reach or history.
const RECEIVED_AT = new Date(0).toISOString();

const asMention = (line: z.infer<typeof InputLine>, id: string): Mention => ({
  id: `cli:${id}`,
  source: 'cli',
  nativeId: id,
  kind: 'mention',
  brand: 'default',
  author: { id: 'unknown' },
  text: line.text,
  createdAt: RECEIVED_AT,
  raw: { route: 'cli', eventType: 'line' },
  ...(line.language ? { language: line.language } : {}),
});

/** A line is JSON when it starts with `{`, plain text otherwise. */
const parseLine = (text: string, lineNumber: number): z.infer<typeof InputLine> => {
  if (!text.trimStart().startsWith('{')) return { text: text.trim() };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new InputLineError(
      `line ${lineNumber} starts with { but is not JSON (a JSON post, or plain text not starting with {)`,
      { cause },
    );
  }
  const parsed = InputLine.safeParse(json);
  if (!parsed.success) {
    const problems = zodIssueLines(parsed.error, { root: '(line)' });
    throw new InputLineError(`line ${lineNumber} is not a post: ${problems.join('; ')}`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
};

/** Triages one input line into the output record. */
const triageLine = (text: string, lineNumber: number): string => {
  const line = parseLine(text, lineNumber);
  const id = line.id ?? lineNumber;
  const mention = asMention(line, String(id));
  const decision = decideTriage({
    mention,
    classification: classifyMention(mention),
    history: NO_HISTORY,
    policy: POLICY,
  });
  const { classification } = decision;
  return JSON.stringify({
    id,
    sentiment: classification.sentiment,
    complaint: classification.complaint,
    intents: classification.intents,
    urgency: classification.urgency,
    confidence: classification.confidence,
    needsResponse: decision.needsResponse,
    priority: decision.priority,
    amplify: decision.amplify,
    suggestedReply: decision.suggestedReply ?? null,
    language: classification.language,
    reasons: [
      ...classification.reasons,
      ...(classification.hostedModel ? [classification.hostedModel] : []),
      ...decision.reasons,
    ],
  });
};

const main = async (): Promise<void> => {
  const args = process.argv.slice(2);
  const file = args.length === 1 && existsSync(args[0] ?? '') ? args[0] : undefined;
  const input = file
    ? createReadStream(file, 'utf8')
    : args.length > 0
      ? Readable.from([args.join(' ')])
      : process.stdin;
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let lineNumber = 0;
  for await (const text of lines) {
    lineNumber++;
    if (!text.trim()) continue;
    process.stdout.write(`${triageLine(text, lineNumber)}\n`);
  }
};

main().catch((error: unknown) => {
  process.stderr.write(`classify: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
