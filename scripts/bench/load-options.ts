/** The command line of `npm run load`. */
import { parseArgs } from 'node:util';

export const LOAD_USAGE = `usage: npm run load -- [--webhooks 20000] [--authors 1000] [--concurrency 32] [--json]

Posts signed webhooks on loopback to an in-memory local runtime and checks that every mention
became a case exactly once. Exits 1 when a webhook got a 5xx, a mention was lost or duplicated,
or a case is missing.

  --webhooks N      webhooks to post (default 20000)
  --authors N       distinct authors they come from (default 1000)
  --concurrency N   requests in flight (default 32)
  --json            print the report as JSON
  --help            print this help

With --storm: complaints about one outage from as many authors within a few minutes, plus
unrelated mentions, at the default incident threshold. Exits 1 unless they make one incident
that opens within 60 s of the threshold, with at most 10 Slack messages and 3 PagerDuty events,
every storm case in it, the unrelated cases escalating on their own, and empty dead-letter queues.

  --storm           run the storm instead
  --storm-size N    complaints about the outage (default 2000)
  --unrelated N     unrelated mentions (default 200)
  --minutes N       minutes the storm is spread over (default 5)`;

/** A command line that cannot run: its message says what is wrong and how to call it. */
export class LoadUsageError extends Error {
  override name = 'LoadUsageError';
}

/** The storm run of `npm run load -- --storm`. */
export interface StormOptions {
  readonly size: number;
  readonly unrelated: number;
  readonly minutes: number;
}

export interface LoadOptions {
  /** Present with --storm: run the storm instead of the plain load. */
  readonly storm?: StormOptions;
  readonly webhooks: number;
  readonly authors: number;
  readonly concurrency: number;
  readonly json: boolean;
}

const positive = (name: string, value: string): number => {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) {
    throw new LoadUsageError(
      `--${name} must be a positive integer, got "${value}"\n\n${LOAD_USAGE}`,
    );
  }
  return number;
};

/** The options of a command line, or `help` when help was asked for. */
export const parseLoadOptions = (args: readonly string[]): LoadOptions | 'help' => {
  let values: { [name: string]: string | boolean | undefined };
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        webhooks: { type: 'string', default: '20000' },
        authors: { type: 'string', default: '1000' },
        concurrency: { type: 'string', default: '32' },
        json: { type: 'boolean', default: false },
        storm: { type: 'boolean', default: false },
        'storm-size': { type: 'string', default: '2000' },
        unrelated: { type: 'string', default: '200' },
        minutes: { type: 'string', default: '5' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    throw new LoadUsageError(`${(error as Error).message}\n\n${LOAD_USAGE}`, { cause: error });
  }
  if (values.help) return 'help';
  return {
    ...(values.storm
      ? {
          storm: {
            size: positive('storm-size', String(values['storm-size'])),
            unrelated: positive('unrelated', String(values.unrelated)),
            minutes: positive('minutes', String(values.minutes)),
          },
        }
      : {}),
    webhooks: positive('webhooks', String(values.webhooks)),
    authors: positive('authors', String(values.authors)),
    concurrency: positive('concurrency', String(values.concurrency)),
    json: values.json === true,
  };
};
