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

export interface AlertSink {
  readonly url: string;
  /** The URL that stands in for a channel's endpoint. */
  urlOf(channel: SinkChannel): string;
  /** Every alert received so far, oldest first. */
  readonly alerts: readonly SinkAlert[];
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
 * A local stand-in for Slack incoming webhooks, the PagerDuty Events API and an escalation webhook:
 * it accepts what the notifier sends, answers as the service would, and keeps each alert so it can
 * be printed (npm start) or asserted (tests).
 */
export const startAlertSink = async (port = 0): Promise<AlertSink> => {
  const alerts: SinkAlert[] = [];
  const listeners = new Set<(alert: SinkAlert) => void>();

  const server = createServer((request, response) => {
    const channel = SINK_CHANNELS.find((name) => request.url === `/${name}`);
    if (request.method !== 'POST' || !channel) {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('no such channel');
      return;
    }
    readBody(request)
      .then((body) => {
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
    server.listen(port, '127.0.0.1', () => {
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
