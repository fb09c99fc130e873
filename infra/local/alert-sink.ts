import { createServer, type IncomingMessage } from 'node:http';
import { previewSlackMessage } from './console-lines';

/** The on-call targets the sink stands in for; each has its own path on the sink. */
export const SINK_CHANNELS = ['slack', 'pagerduty', 'webhook'] as const;
export type SinkChannel = (typeof SINK_CHANNELS)[number];

export interface SinkAlert {
  readonly channel: SinkChannel;
  readonly receivedAt: Date;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The request body, parsed when it is JSON. */
  readonly body: unknown;
}

/**
 * The documented rate limits the stand-ins enforce, answering 429 past them as the services do.
 * Slack incoming webhooks: about one message a second, short bursts allowed (Slack does not say
 * how long; `slackBurst` is ours), a 429 with `Retry-After` in seconds beyond. PagerDuty Events
 * API v2: about 120 events a minute per routing key, counted over the 60 s before each call, a 429
 * beyond (PagerDuty documents no Retry-After for it).
 */
export interface SinkLimits {
  readonly slackPerSecond: number;
  readonly slackBurst: number;
  readonly pagerDutyPerMinute: number;
}

export const DOCUMENTED_LIMITS: SinkLimits = {
  slackPerSecond: 1,
  slackBurst: 5,
  pagerDutyPerMinute: 120,
};

/** A request the stand-in refused for its rate limit. */
export interface SinkRefusal {
  readonly channel: SinkChannel;
  readonly receivedAt: Date;
  readonly retryAfterSeconds?: number;
}

export interface AlertSink {
  readonly url: string;
  /** The URL that stands in for a channel's endpoint. */
  urlOf(channel: SinkChannel): string;
  /** Every alert received so far, oldest first. */
  readonly alerts: readonly SinkAlert[];
  /** Every request refused with 429, oldest first. */
  readonly refusals: readonly SinkRefusal[];
  /** Calls `listener` with each alert as it arrives; returns the unsubscribe function. */
  onAlert(listener: (alert: SinkAlert) => void): () => void;
  stop(): Promise<void>;
}

const readBody = async (request: IncomingMessage): Promise<unknown> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

/** The replies of the real services, so notifiers see success as they would in production. */
const REPLIES: Record<SinkChannel, { status: number; contentType: string; body: string }> = {
  slack: { status: 200, contentType: 'text/plain', body: 'ok' },
  pagerduty: {
    status: 202,
    contentType: 'application/json',
    body: JSON.stringify({ status: 'success', message: 'Event processed' }),
  },
  webhook: { status: 204, contentType: 'text/plain', body: '' },
};

/**
 * Slack's limit as a token bucket: `burst` messages at once, refilled at `perSecond`. Answers the
 * seconds to wait when empty.
 */
const slackLimiter = (perSecond: number, burst: number) => {
  let tokens = burst;
  let at = Date.now();
  return (now: number): number | undefined => {
    tokens = Math.min(burst, tokens + ((now - at) / 1000) * perSecond);
    at = now;
    if (tokens >= 1) {
      tokens -= 1;
      return undefined;
    }
    return Math.max(1, Math.ceil((1 - tokens) / perSecond));
  };
};

/** PagerDuty's limit: at most `perMinute` accepted events per routing key in the last 60 s. */
const pagerDutyLimiter = (perMinute: number) => {
  const accepted = new Map<string, number[]>();
  return (routingKey: string, now: number): boolean => {
    const recent = (accepted.get(routingKey) ?? []).filter((at) => at > now - 60_000);
    accepted.set(routingKey, recent);
    if (recent.length >= perMinute) return false;
    recent.push(now);
    return true;
  };
};

/**
 * A local stand-in for Slack incoming webhooks, the PagerDuty Events API and an escalation webhook:
 * it accepts what the notifier sends, answers as the service would — 429 past the services'
 * documented rate limits (`limits`; `false` for none) — and keeps each alert so it can be printed
 * (npm start) or asserted (tests).
 */
export const startAlertSink = async (
  options: { port?: number; limits?: SinkLimits | false } = {},
): Promise<AlertSink> => {
  const alerts: SinkAlert[] = [];
  const refusals: SinkRefusal[] = [];
  const listeners = new Set<(alert: SinkAlert) => void>();
  const limits = options.limits === undefined ? DOCUMENTED_LIMITS : options.limits;
  const slackAllows = limits ? slackLimiter(limits.slackPerSecond, limits.slackBurst) : undefined;
  const pagerDutyAllows = limits ? pagerDutyLimiter(limits.pagerDutyPerMinute) : undefined;

  /** The 429 a service answers past its limit, or undefined when it takes the request. */
  const refusal = (channel: SinkChannel, body: unknown, now: number) => {
    if (channel === 'slack' && slackAllows) {
      const retryAfter = slackAllows(now);
      if (retryAfter === undefined) return undefined;
      return {
        headers: { 'content-type': 'text/plain', 'retry-after': String(retryAfter) },
        body: 'rate_limited',
        retryAfterSeconds: retryAfter,
      };
    }
    if (channel === 'pagerduty' && pagerDutyAllows) {
      const routingKey = String((body as { routing_key?: unknown } | null)?.routing_key ?? '');
      if (pagerDutyAllows(routingKey, now)) return undefined;
      return {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ status: 'throttle event', message: 'Too many API calls at a time' }),
      };
    }
    return undefined;
  };

  const server = createServer((request, response) => {
    const channel = SINK_CHANNELS.find((name) => request.url === `/${name}`);
    if (request.method !== 'POST' || !channel) {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('no such channel');
      return;
    }
    readBody(request)
      .then((body) => {
        const refused = refusal(channel, body, Date.now());
        if (refused) {
          refusals.push({
            channel,
            receivedAt: new Date(),
            ...(refused.retryAfterSeconds ? { retryAfterSeconds: refused.retryAfterSeconds } : {}),
          });
          response.writeHead(429, refused.headers);
          response.end(refused.body);
          return;
        }
        const alert: SinkAlert = {
          channel,
          receivedAt: new Date(),
          headers: request.headers,
          body,
        };
        alerts.push(alert);
        for (const listener of listeners) listener(alert);
        const reply = REPLIES[channel];
        response.writeHead(reply.status, { 'content-type': reply.contentType });
        response.end(reply.body);
      })
      .catch(() => {
        response.writeHead(400, { 'content-type': 'text/plain' });
        response.end('unreadable body');
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    url,
    urlOf: (channel) => `${url}/${channel}`,
    alerts,
    refusals,
    onAlert: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

/** An alert for the terminal: one line, and a Slack message's text under it. */
export const describeAlert = (alert: SinkAlert): string => {
  const body = alert.body as Record<string, unknown> | string;
  if (typeof body === 'string') return `[${alert.channel}] ${body.slice(0, 200)}`;
  if (alert.channel === 'slack' && typeof body.text === 'string') {
    return [`[slack] ${body.text}`, ...previewSlackMessage(body)].join('\n');
  }
  if (alert.channel === 'pagerduty') {
    const payload = body.payload as { summary?: string } | undefined;
    return `[pagerduty] ${String(body.event_action)} ${String(body.dedup_key ?? '')} ${payload?.summary ?? ''}`.trim();
  }
  return `[${alert.channel}] ${JSON.stringify(body).slice(0, 200)}`;
};
