/**
 * `npm start`: the whole product on this machine. Options: `--in-memory` (keep no data).
 * Environment: PORT (3000), CLOCK_RATE, RESPONDER_CONFIG, GENERIC_WEBHOOK_SECRETS, CASES_API_TOKEN,
 * SLACK_WEBHOOK_URL, PAGERDUTY_EVENTS_URL, PAGERDUTY_ROUTING_KEY, ESCALATION_WEBHOOK_URL.
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { ZodError } from 'zod';
import { signStandardWebhook } from '../../shared/adapters/platforms/generic';
import { ensureConsoleBuilt } from '../console-build';
import { ROUTES } from '../topology';
import { describeCaseEvent, describeOpenedCase, quietFunctionEnv } from './console-lines';
import { type LocalRuntime, startLocalRuntime } from './runtime';
import { RUNTIME_HANDLE_FILE, writeRuntimeHandle } from './runtime-handle';

const USAGE = `usage: npm start [-- --in-memory] [-- --verbose]

  --in-memory   keep no data (DynamoDB in memory, secrets not stored under .data/)
  --verbose     also print the functions' JSON logs and metric documents (or set LOG_LEVEL)

environment: PORT (default 3000), CLOCK_RATE (business time speed-up, default 1),
RESPONDER_CONFIG (JSON configuration file), GENERIC_WEBHOOK_SECRETS, CASES_API_TOKEN,
SLACK_WEBHOOK_URL, PAGERDUTY_EVENTS_URL, PAGERDUTY_ROUTING_KEY, ESCALATION_WEBHOOK_URL`;

const FORCE_STOP_AFTER_MS = 2_000;

const timestamped = (line: string): void => {
  console.log(`${new Date().toISOString().slice(11, 19)} ${line}`);
};

const parsePort = (value: string | undefined): number => {
  const port = Number(value ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`PORT must be a port number, got "${value}"`);
  }
  return port;
};

/** A generic mention a newcomer can paste, signed now (valid for the 5-minute tolerance). */
const signedCurlExample = (url: string, secrets: string): string => {
  const body = JSON.stringify({
    type: 'mention.created',
    timestamp: new Date().toISOString(),
    data: {
      id: `curl-${randomUUID().slice(0, 8)}`,
      source: 'generic',
      text: 'My order #4411 arrived broken and nobody answers the phone. Fix this today please!',
      author: { id: 'cust-1', name: 'Dana Reyes', handle: 'danareyes', followers: 5400 },
      createdAt: new Date().toISOString(),
    },
  });
  const id = `msg_${randomUUID().replaceAll('-', '')}`;
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = signStandardWebhook(secrets.split(/\s+/)[0] ?? '', { id, timestamp, body });
  return [
    `curl -i -X POST ${url}/webhooks/generic \\`,
    `  -H 'content-type: application/json' \\`,
    `  -H 'webhook-id: ${id}' \\`,
    `  -H 'webhook-timestamp: ${timestamp}' \\`,
    `  -H 'webhook-signature: ${signature}' \\`,
    `  --data '${body}'`,
  ].join('\n');
};

const printWelcome = (runtime: LocalRuntime): void => {
  const { secrets, generated, sinkChannels } = runtime.settings;
  const lines = [
    '',
    `Social responder is running at ${runtime.url}  (business clock ×${runtime.clock.rate})`,
    '',
    'Operator console (this link signs you in; the token stays in the fragment, out of server logs):',
    '',
    `  ${runtime.url}/#token=${encodeURIComponent(secrets.CASES_API_TOKEN ?? '')}`,
    '',
    'Routes:',
    ...ROUTES.map(
      (route) =>
        `  ${route.method.padEnd(5)} ${runtime.url}${route.path}${route.auth === 'user' ? '   (Authorization: Bearer $CASES_API_TOKEN)' : ''}`,
    ),
    `  GET   ${runtime.url}/health`,
    '',
  ];
  if (generated.length > 0) {
    lines.push('Generated for local development (kept in .data/ unless --in-memory):');
    for (const name of generated) lines.push(`  ${name}=${secrets[name]}`);
    lines.push('');
  }
  if (sinkChannels.length > 0) {
    lines.push(
      `Alerts for ${sinkChannels.join(', ')} are printed here (no real target configured).`,
      '',
    );
  }
  lines.push(
    'Send a signed mention (the signature is valid for 5 minutes; `npm run demo` signs fresh ones):',
    '',
    signedCurlExample(runtime.url, secrets.GENERIC_WEBHOOK_SECRETS ?? ''),
    '',
    'Then list the cases:',
    '',
    `  curl -s ${runtime.url}/cases -H 'authorization: Bearer ${secrets.CASES_API_TOKEN ?? ''}'`,
    '',
    'Ctrl-C stops: webhooks get 503, what is queued is triaged, then everything stops.',
    '',
  );
  console.log(lines.join('\n'));
};

const main = async (): Promise<void> => {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return;
  }
  const unknown = args.filter((arg) => arg !== '--in-memory' && arg !== '--verbose');
  if (unknown.length > 0) throw new Error(`unknown option ${unknown.join(' ')}\n\n${USAGE}`);

  // Installed before anything starts: a signal during start-up exits at once (nothing has been
  // acknowledged yet), and the exit stops DynamoDB Local, which no longer hears the terminal.
  let runtime: LocalRuntime | undefined;
  // Ctrl-C reaches npm and this process alike, and npm relays it again: only a signal that comes
  // well after the first one means "stop now, without draining".
  let stoppingSince: number | undefined;
  const stop = (signal: NodeJS.Signals) => {
    if (!runtime) {
      timestamped(`${signal} during start-up: exiting`);
      process.exit(130);
    }
    if (stoppingSince !== undefined) {
      if (Date.now() - stoppingSince > FORCE_STOP_AFTER_MS) process.exit(1);
      return;
    }
    stoppingSince = Date.now();
    timestamped(`${signal}: stopping…`);
    runtime
      .stop()
      .then(() => {
        rmSync(RUNTIME_HANDLE_FILE, { force: true });
        timestamped('stopped');
        process.exit(0);
      })
      .catch((error: unknown) => {
        console.error(error);
        process.exit(1);
      });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('SIGHUP', stop);

  Object.assign(process.env, quietFunctionEnv(args, process.env));
  ensureConsoleBuilt(timestamped);
  runtime = await startLocalRuntime({
    port: parsePort(process.env.PORT),
    inMemory: args.includes('--in-memory'),
    log: timestamped,
    handlesSignals: true,
    onCaseOpened: (opened) => timestamped(describeOpenedCase(opened)),
  });
  runtime.events.subscribe((event) => {
    const line = describeCaseEvent(event);
    if (line) timestamped(line);
  });
  writeRuntimeHandle(runtime);
  printWelcome(runtime);
};

main().catch((error: unknown) => {
  let current: unknown = error;
  // A ZodError's message is its issues as JSON: the message above it already names each field.
  while (current instanceof Error && !(current instanceof ZodError)) {
    console.error(current === error ? current.message : `  caused by: ${current.message}`);
    current = current.cause;
  }
  process.exit(1);
});
