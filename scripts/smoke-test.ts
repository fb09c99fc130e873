/**
 * Smoke test of a deployed stack: a signed generic webhook becomes a case that the cases API shows.
 *
 *   npx tsx scripts/smoke-test.ts --api-url https://abc123.execute-api.eu-west-1.amazonaws.com \
 *     --webhook-secret "$GENERIC_WEBHOOK_SECRET" --token "$OPERATOR_JWT" [--brand acme]
 *
 * Options may also come from SMOKE_API_URL, SMOKE_WEBHOOK_SECRET, SMOKE_TOKEN and SMOKE_BRAND
 * (needed when the configuration has several brands). Exits 0 when every check passed, 1 with the
 * failed check otherwise. The mention comes from a source of its own, `smoke-<run>`, so the case
 * list filtered by that source finds its case at once. It leaves one open case from the author
 * `smoke-test-<run>` behind: resolve it, or let the retention remove its text.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { signStandardWebhook } from '../shared/adapters/platforms/generic';

class SmokeTestError extends Error {
  override name = 'SmokeTestError';
}

const Options = z.object({
  apiUrl: z.string().url('must be a URL, the ApiUrl output of the stack'),
  webhookSecret: z.string().startsWith('whsec_', 'must be a whsec_… secret'),
  token: z.string().min(1, 'must be an operator JWT (id or access token)'),
  brand: z
    .string()
    .min(1, 'must not be empty')
    .max(200, 'must be at most 200 characters')
    .optional(),
  timeoutSeconds: z.coerce
    .number({ error: 'must be a number of seconds' })
    .positive('must be more than 0')
    .default(60),
});
export type SmokeTestOptions = z.infer<typeof Options>;
type Options = SmokeTestOptions;

const CaseList = z.object({
  items: z.array(z.object({ caseId: z.string(), author: z.object({ id: z.string() }) })),
  cursor: z.string().optional(),
});
const CaseDetail = z.object({
  case: z.object({ caseId: z.string() }),
  mentions: z.array(z.object({ text: z.string() }).loose()),
});

export const SMOKE_TEST_USAGE = `usage: npx tsx scripts/smoke-test.ts --api-url <url> --webhook-secret <whsec_…> --token <jwt> [--brand <id>] [--timeout-seconds <n>]

  --api-url          the stack's ApiUrl output                     (or SMOKE_API_URL)
  --webhook-secret   a GENERIC_WEBHOOK_SECRETS secret, whsec_…      (or SMOKE_WEBHOOK_SECRET)
  --token            an operator JWT (id or access token)          (or SMOKE_TOKEN)
  --brand            the brand of the mention; needed with several  (or SMOKE_BRAND)
  --timeout-seconds  how long to wait for the case (default 60)
  --help             print this and exit

Exits 0 when every check passed, 1 with the failed check, 2 for a wrong option.`;

/** Each option by its field, with the variable that may stand in for it. */
const OPTION_OF: Record<keyof Options, { readonly flag: string; readonly variable?: string }> = {
  apiUrl: { flag: '--api-url', variable: 'SMOKE_API_URL' },
  webhookSecret: { flag: '--webhook-secret', variable: 'SMOKE_WEBHOOK_SECRET' },
  token: { flag: '--token', variable: 'SMOKE_TOKEN' },
  brand: { flag: '--brand', variable: 'SMOKE_BRAND' },
  timeoutSeconds: { flag: '--timeout-seconds' },
};

/** The options from the command line and SMOKE_* variables; throws naming each wrong option. */
export const readSmokeTestOptions = (
  args: readonly string[],
  env: Record<string, string | undefined>,
): Options | 'help' => {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        'api-url': { type: 'string' },
        'webhook-secret': { type: 'string' },
        token: { type: 'string' },
        brand: { type: 'string' },
        'timeout-seconds': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new SmokeTestError((error as Error).message, { cause: error });
  }
  if (values.help) return 'help';
  const text = (value: string | boolean | undefined) =>
    typeof value === 'string' ? value : undefined;
  const raw = {
    apiUrl: (text(values['api-url']) ?? env.SMOKE_API_URL)?.replace(/\/$/, ''),
    webhookSecret: text(values['webhook-secret']) ?? env.SMOKE_WEBHOOK_SECRET,
    token: text(values.token) ?? env.SMOKE_TOKEN,
    brand: text(values.brand) ?? env.SMOKE_BRAND,
    timeoutSeconds: text(values['timeout-seconds']),
  };
  const result = Options.safeParse(raw);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const field = issue.path[0] as keyof Options;
    const option = OPTION_OF[field];
    if (raw[field] === undefined) {
      return `${option.flag} is missing${option.variable ? ` (or set ${option.variable})` : ''}`;
    }
    return `${option.flag} ${issue.message}`;
  });
  throw new SmokeTestError(lines.join('\n'));
};

/** The command: usage for --help, a message and exit 2 for a wrong option, else the checks. */
export const smokeTestCommand = async (
  args: readonly string[],
  env: Record<string, string | undefined>,
  io: { readonly out: (line: string) => void; readonly err: (line: string) => void },
): Promise<number> => {
  let options: Options | 'help';
  try {
    options = readSmokeTestOptions(args, env);
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${SMOKE_TEST_USAGE}`);
    return 2;
  }
  if (options === 'help') {
    io.out(SMOKE_TEST_USAGE);
    return 0;
  }
  try {
    await runSmokeTest(options, io.out);
    return 0;
  } catch (error) {
    io.err(error instanceof Error ? error.message : String(error));
    return 1;
  }
};

const check = async (
  name: string,
  run: () => Promise<void>,
  log: (line: string) => void,
): Promise<void> => {
  const started = Date.now();
  try {
    await run();
  } catch (error) {
    throw new SmokeTestError(`✗ ${name}: ${(error as Error).message}`, { cause: error });
  }
  log(`✓ ${name} (${Date.now() - started} ms)`);
};

const expectStatus = (response: Response, expected: number[]): void => {
  if (!expected.includes(response.status)) {
    throw new Error(`expected HTTP ${expected.join(' or ')}, got ${response.status}`);
  }
};

const postWebhook = (options: Options, body: string, signature?: string): Promise<Response> => {
  const id = `msg_${randomUUID()}`;
  const timestamp = Math.floor(Date.now() / 1000);
  return fetch(`${options.apiUrl}/webhooks/generic`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature':
        signature ?? signStandardWebhook(options.webhookSecret, { id, timestamp, body }),
    },
    body,
  });
};

const getJson = async <S extends z.ZodType>(
  options: Options,
  path: string,
  schema: S,
): Promise<z.infer<S>> => {
  const response = await fetch(`${options.apiUrl}${path}`, {
    headers: { authorization: `Bearer ${options.token}` },
  });
  expectStatus(response, [200]);
  return schema.parse(await response.json());
};

/** Runs every check against a deployed (or local) stack; returns the case the mention opened. */
export const runSmokeTest = async (
  options: SmokeTestOptions,
  log: (line: string) => void = console.log,
): Promise<string> => {
  const run = randomUUID();
  const source = `smoke-${run.slice(0, 8)}`;
  const authorId = `smoke-test-${run}`;
  const text = `Smoke test ${run}: my order has not arrived, can you help?`;
  const body = JSON.stringify({
    type: 'mention.created',
    timestamp: new Date().toISOString(),
    data: {
      id: `smoke-${run}`,
      source,
      text,
      author: { id: authorId, handle: 'smoke-test' },
      createdAt: new Date().toISOString(),
      ...(options.brand ? { brand: options.brand } : {}),
    },
  });

  await check(
    'a forged webhook is refused with 401',
    async () => {
      expectStatus(await postWebhook(options, body, 'v1,Zm9yZ2Vk'), [401]);
    },
    log,
  );
  await check(
    'the cases API refuses a request without a token',
    async () => {
      expectStatus(await fetch(`${options.apiUrl}/cases`), [401]);
    },
    log,
  );
  await check(
    'a signed webhook is accepted',
    async () => {
      expectStatus(await postWebhook(options, body), [200, 202, 204]);
    },
    log,
  );
  let caseId: string | undefined;
  await check(
    'the mention opens a case listed by the cases API',
    async () => {
      const deadline = Date.now() + options.timeoutSeconds * 1000;
      while (!caseId) {
        if (Date.now() > deadline) throw new Error(`no case after ${options.timeoutSeconds} s`);
        caseId = await findCase(options, source, authorId);
        if (!caseId) await new Promise((resolve) => setTimeout(resolve, 2_000));
      }
    },
    log,
  );
  await check(
    'the case holds the mention',
    async () => {
      const detail = await getJson(
        options,
        `/cases/${encodeURIComponent(caseId ?? '')}`,
        CaseDetail,
      );
      if (!detail.mentions.some((mention) => mention.text === text)) {
        throw new Error(`case ${caseId} does not hold the mention`);
      }
    },
    log,
  );
  log(`smoke test passed: case ${caseId}`);
  return caseId ?? '';
};

/** The open case of the smoke test's author, from the list filtered by the run's own source. */
const findCase = async (
  options: Options,
  source: string,
  authorId: string,
): Promise<string | undefined> => {
  const brand = options.brand ? `&brand=${encodeURIComponent(options.brand)}` : '';
  let cursor: string | undefined;
  do {
    const page = await getJson(
      options,
      `/cases?status=open&source=${source}${brand}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      CaseList,
    );
    const found = page.items.find((item) => item.author.id === authorId)?.caseId;
    if (found) return found;
    cursor = page.cursor;
  } while (cursor);
  return undefined;
};

if (require.main === module) {
  void smokeTestCommand(process.argv.slice(2), process.env, {
    out: (line) => console.log(line),
    err: (line) => console.error(line),
  }).then((code) => {
    process.exitCode = code;
  });
}
