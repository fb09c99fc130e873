/**
 * `npm run demo`: replays a handful of realistic signed mentions and shows cases opening and an
 * escalation arriving. Uses the runtime `npm start` is running (it leaves .data/local-runtime.json);
 * when none is running, starts one in this process, in memory, with a fast clock (CLOCK_RATE, 120 by
 * default), so a 15-minute P1 deadline passes in under ten seconds.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { LocalClock, parseClockRate } from '../infra/local/clock';
import { type LocalRuntime, startLocalRuntime } from '../infra/local/runtime';
import { readRuntimeHandle } from '../infra/local/runtime-handle';
import { signStandardWebhook } from '../shared/adapters/platforms/generic';
import type { CaseSummary } from '../shared/contracts/case';

const DEFAULT_DEMO_CLOCK_RATE = 120;
/** Longest real time the demo waits for an escalation before it explains how to see one. */
const MAX_WAIT_MS = 90_000;

export interface DemoTarget {
  readonly url: string;
  readonly webhookSecrets: string;
  readonly operatorToken: string;
  readonly clockRate: number;
  readonly ownRuntime?: LocalRuntime;
}
type Target = DemoTarget;

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

/** What customers post: a loud complaint, a question, praise, a one-star review and a follow-up. */
const MENTIONS = [
  {
    id: 'demo-outage-1',
    text: 'Your app has been down all morning and I cannot pay my bills. This is unacceptable, fix it NOW or I am cancelling my account!',
    author: { id: 'u-1001', name: 'Priya Natarajan', handle: 'priya_n', followers: 48_200 },
    conversationId: 'thread-outage-1001',
  },
  {
    id: 'demo-question-1',
    text: 'Hi! Does the premium plan include international transfers? Could not find it on the website.',
    author: { id: 'u-1002', name: 'Tom Becker', handle: 'tbecker', followers: 312 },
  },
  {
    id: 'demo-praise-1',
    text: 'Shout-out to the support team, Maria sorted my card replacement in five minutes. Brilliant service!',
    author: { id: 'u-1003', name: 'Lena Okafor', handle: 'lenaok', followers: 2_150 },
  },
  {
    id: 'demo-review-1',
    text: 'Ordered a replacement part three weeks ago, still nothing, and two emails without reply. Never again.',
    author: { id: 'u-1004', name: 'Marco Silva', followers: 95 },
    rating: 1,
  },
  {
    id: 'demo-outage-2',
    text: 'Still nothing. Two hours now. Does anyone at your company read this?',
    author: { id: 'u-1001', name: 'Priya Natarajan', handle: 'priya_n', followers: 48_200 },
    conversationId: 'thread-outage-1001',
  },
];
/** The follow-up joins its thread's case: one case per distinct author. */
const DEMO_CASES = new Set(MENTIONS.map((mention) => mention.author.id)).size;

const resolveTarget = async (): Promise<Target> => {
  const handle = readRuntimeHandle();
  const url = process.env.RESPONDER_URL ?? handle?.url;
  if (url) {
    const healthy = await fetch(`${url}/health`).then(
      (response) => response.ok,
      () => false,
    );
    const webhookSecrets = process.env.GENERIC_WEBHOOK_SECRETS ?? handle?.webhookSecrets;
    const operatorToken = process.env.CASES_API_TOKEN ?? handle?.operatorToken;
    if (healthy && webhookSecrets && operatorToken) {
      return { url, webhookSecrets, operatorToken, clockRate: handle?.clockRate ?? 1 };
    }
  }
  const clockRate = process.env.CLOCK_RATE
    ? parseClockRate(process.env.CLOCK_RATE)
    : DEFAULT_DEMO_CLOCK_RATE;
  console.log(`No running runtime found: starting one in memory, clock ×${clockRate}…`);
  // The functions share this terminal: keep their JSON logs and metrics out of the demo's story.
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  const runtime = await startLocalRuntime({
    inMemory: true,
    clock: new LocalClock({ rate: clockRate }),
    log: (line) => {
      if (line.startsWith('alert ')) console.log(`  ⇢ ${line}`);
    },
  });
  return {
    url: runtime.url,
    webhookSecrets: runtime.settings.secrets.GENERIC_WEBHOOK_SECRETS ?? '',
    operatorToken: runtime.settings.secrets.CASES_API_TOKEN ?? '',
    clockRate,
    ownRuntime: runtime,
  };
};

const postMention = async (
  target: Target,
  run: string,
  mention: (typeof MENTIONS)[number],
  index: number,
  out: (line: string) => void,
) => {
  const createdAt = minutesAgo(MENTIONS.length - index);
  const body = JSON.stringify({
    type: 'mention.created',
    timestamp: new Date().toISOString(),
    data: {
      ...mention,
      // This run's own customers and threads: a runtime's earlier cases never mix in.
      id: `${mention.id}-${run}`,
      author: { ...mention.author, id: `${mention.author.id}-${run}` },
      ...('conversationId' in mention
        ? { conversationId: `${mention.conversationId}-${run}` }
        : {}),
      source: 'generic',
      createdAt,
    },
  });
  const id = `msg_${randomUUID().replaceAll('-', '')}`;
  const timestamp = Math.floor(Date.now() / 1000);
  const secret = target.webhookSecrets.split(/\s+/)[0] ?? '';
  const response = await fetch(`${target.url}/webhooks/generic`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signStandardWebhook(secret, { id, timestamp, body }),
    },
    body,
  });
  const who = mention.author.handle ? `@${mention.author.handle}` : mention.author.name;
  out(`  POST /webhooks/generic  ${response.status}  ${who}: “${mention.text.slice(0, 60)}…”`);
};

interface DemoCases {
  readonly items: CaseSummary[];
  /** The runtime's business time (it runs CLOCK_RATE times faster than real time). */
  readonly now: number;
}

/** This run's cases (all of them, praise too), and the runtime's business time. */
const listCases = async (target: Target, run: string): Promise<DemoCases> => {
  const response = await fetch(`${target.url}/cases?needsReply=any&limit=100`, {
    headers: { authorization: `Bearer ${target.operatorToken}` },
  });
  if (!response.ok)
    throw new Error(`GET /cases answered ${response.status}: ${await response.text()}`);
  const answer = (await response.json()) as { items: CaseSummary[]; now: string };
  return {
    items: answer.items.filter((item) => item.author.id.endsWith(`-${run}`)),
    now: Date.parse(answer.now),
  };
};

/** `in 15 business min (8 s real)`: a deadline as the runtime's clock counts it, and as you wait. */
export const describeDue = (dueAt: string, businessNow: number, clockRate: number): string => {
  const businessMs = Date.parse(dueAt) - businessNow;
  if (businessMs <= 0) return 'due now';
  const minutes = Math.round(businessMs / 60_000);
  const realSeconds = Math.ceil(businessMs / clockRate / 1000);
  const real = realSeconds < 120 ? `${realSeconds} s` : `${Math.round(realSeconds / 60)} min`;
  return clockRate === 1
    ? `due in ${minutes} min`
    : `due in ${minutes} business min (${real} real at ×${clockRate})`;
};

const printCases = (cases: DemoCases, clockRate: number, out: (line: string) => void) => {
  for (const item of cases.items) {
    const who = item.author.handle
      ? `@${item.author.handle}`
      : (item.author.name ?? item.author.id);
    const due = item.breached
      ? 'BREACHED'
      : item.dueAt
        ? describeDue(item.dueAt, cases.now, clockRate)
        : 'no reply needed';
    out(
      `  ${item.priority}  ${item.status.padEnd(8)} ${who.padEnd(12)} ${due}  ${item.intents.join(', ')}${item.amplify ? '  (praise to amplify)' : ''}`,
    );
  }
};

/**
 * Replays the demo's mentions against `target`, shows their cases, and waits for the first
 * deadline when it is near enough in real time. Resolves with the process exit code.
 */
export const runDemo = async (
  target: DemoTarget,
  out: (line: string) => void = console.log,
  run = randomUUID().slice(0, 6),
): Promise<number> => {
  out(`\nReplaying ${MENTIONS.length} signed mentions against ${target.url}\n`);
  for (const [index, mention] of MENTIONS.entries()) {
    await postMention(target, run, mention, index, out);
  }

  let cases: DemoCases = { items: [], now: Date.now() };
  for (let attempt = 0; attempt < 50 && cases.items.length < DEMO_CASES; attempt += 1) {
    await sleep(200);
    cases = await listCases(target, run);
  }
  out(`\nCases opened (${cases.items.length}; the follow-up joined its thread's case):\n`);
  printCases(cases, target.clockRate, out);

  const nextDue = cases.items
    .filter((item) => item.dueAt && !item.breached)
    .map((item) => Date.parse(item.dueAt ?? ''))
    .sort((a, b) => a - b)[0];
  if (nextDue === undefined) return 0;
  // Deadlines are business time: the wait in real time divides what is left by the clock rate.
  const realWaitMs = Math.max(0, nextDue - cases.now) / target.clockRate + 5_000;
  if (realWaitMs > MAX_WAIT_MS) {
    const fasterRate = Math.ceil((nextDue - cases.now) / (MAX_WAIT_MS - 5_000) / 60) * 60;
    out(
      `\nThe first deadline is ${Math.round(realWaitMs / 60_000)} real minutes away at clock ×${target.clockRate}.` +
        `\nTo watch an escalation within a minute, restart with a faster clock: CLOCK_RATE=${Math.max(fasterRate, 120)} npm start`,
    );
    return 0;
  }
  out(
    `\nWaiting for the first deadline (about ${Math.ceil(realWaitMs / 1000)} s at clock ×${target.clockRate})…\n`,
  );
  const deadline = Date.now() + realWaitMs + 10_000;
  while (Date.now() < deadline) {
    await sleep(1_000);
    const now = await listCases(target, run);
    const breached = now.items.filter((item) => item.breached);
    if (breached.length > 0) {
      out('\nEscalated (alerts went to the configured channels; the local sink prints them):\n');
      printCases({ ...now, items: breached }, target.clockRate, out);
      return 0;
    }
  }
  out('\nNo case breached in time; check the runtime log for errors.');
  return 1;
};

const main = async () => {
  const target = await resolveTarget();
  try {
    process.exitCode = await runDemo(target);
  } finally {
    await target.ownRuntime?.stop();
  }
};

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
