import fc from 'fast-check';
import { QueueMessage } from '../../../shared/contracts/queue-message';
import {
  fixture,
  genericHeaders,
  metaHeaders,
  trustpilotHeaders,
  webhookEvent,
  xHeaders,
} from '../../support/signed-webhooks';
import { ingestHarness } from '../platforms/ingest-harness';

type Source = 'x' | 'meta' | 'generic' | 'trustpilot';

const SOURCES: {
  source: Source;
  fixtures: string[];
  sign: (body: string) => Record<string, string>;
}[] = [
  {
    source: 'x',
    fixtures: [
      'tweet-mention.json',
      'direct-message.json',
      'tweet-delete.json',
      'brand-reply.json',
    ],
    sign: (body) => xHeaders(body),
  },
  {
    source: 'meta',
    fixtures: [
      'page-feed-comment.json',
      'page-comment-edited-removed.json',
      'messenger.json',
      'instagram.json',
    ],
    sign: (body) => metaHeaders(body),
  },
  {
    source: 'generic',
    fixtures: ['mention-created.json', 'mention-deleted.json'],
    sign: (body) => genericHeaders(body),
  },
  {
    source: 'trustpilot',
    fixtures: ['review-created.json', 'review-updated-deleted.json'],
    // Basic auth does not cover the body: any body with the right credentials is authentic.
    sign: () => trustpilotHeaders(),
  },
];

type Json = unknown;

/** Every path to a value inside a JSON document. */
const pathsOf = (value: Json, prefix: (string | number)[] = []): (string | number)[][] => {
  if (Array.isArray(value))
    return [prefix, ...value.flatMap((item, index) => pathsOf(item, [...prefix, index]))];
  if (value !== null && typeof value === 'object') {
    return [
      prefix,
      ...Object.entries(value).flatMap(([key, item]) => pathsOf(item, [...prefix, key])),
    ];
  }
  return [prefix];
};

const DELETE = Symbol('delete');

/** The document with the value at `path` replaced, or removed when the replacement is DELETE. */
const replaceAt = (value: Json, path: (string | number)[], replacement: Json): Json => {
  const [head, ...rest] = path;
  if (head === undefined) return replacement === DELETE ? null : replacement;
  if (Array.isArray(value)) {
    const copy = [...value];
    if (rest.length === 0 && replacement === DELETE) copy.splice(Number(head), 1);
    else copy[Number(head)] = replaceAt(copy[Number(head)], rest, replacement);
    return copy;
  }
  const copy = { ...(value as Record<string, Json>) };
  if (rest.length === 0 && replacement === DELETE) delete copy[head];
  else copy[head] = replaceAt(copy[head], rest, replacement);
  return copy;
};

/** A realistic payload with one value, anywhere in it, removed or swapped for arbitrary JSON. */
const mutatedFixture = (source: Source, names: string[]) =>
  fc
    .record({
      document: fc.constantFrom(...names.map((name) => JSON.parse(fixture(source, name)) as Json)),
      pick: fc.nat(),
      replacement: fc.oneof(
        fc.constant(DELETE),
        fc.constantFrom(null, '', 0, -1, 1e21, [], {}),
        fc.jsonValue(),
      ),
    })
    .map(({ document, pick, replacement }) => {
      const paths = pathsOf(document);
      return JSON.stringify(replaceAt(document, paths[pick % paths.length] ?? [], replacement));
    });

/** A signed body with one character changed, added or removed. */
const tamperedBody = (body: string) =>
  fc
    .record({
      at: fc.nat({ max: body.length - 1 }),
      edit: fc.constantFrom('flip', 'insert', 'remove'),
    })
    .map(({ at, edit }) => {
      const char = body[at] === 'a' ? 'b' : 'a';
      if (edit === 'insert') return body.slice(0, at) + char + body.slice(at);
      if (edit === 'remove') return body.slice(0, at) + body.slice(at + 1);
      return body.slice(0, at) + char + body.slice(at + 1);
    });

const headerNames = [
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
  'x-twitter-webhooks-signature',
  'x-hub-signature-256',
  'authorization',
  'content-type',
  'X-Hub-Signature-256',
];

const arbitraryHeaders = fc.dictionary(
  fc.oneof(fc.constantFrom(...headerNames), fc.string({ minLength: 1, maxLength: 20 })),
  fc.oneof(
    fc.string(),
    fc.constantFrom(
      'sha256=',
      'v1,',
      'Basic ',
      'sha256=AAAA',
      String(Math.floor(Date.now() / 1000)),
    ),
  ),
);

describe.each(SOURCES)('ingest of $source webhooks (properties)', ({ source, fixtures, sign }) => {
  const bodies = fc.oneof(fc.string(), fc.json(), mutatedFixture(source, fixtures));

  it('never answers 5xx nor throws for arbitrary bodies, headers and query strings', async () => {
    await fc.assert(
      fc.asyncProperty(
        bodies,
        arbitraryHeaders,
        fc.dictionary(fc.string({ maxLength: 12 }), fc.string()),
        fc.constantFrom('GET' as const, 'POST' as const, 'PUT' as const),
        fc.boolean(),
        async (body, headers, query, method, base64) => {
          const { ingest } = ingestHarness();
          const result = await ingest(
            webhookEvent({ source, method, body, headers, query, base64 }),
          );
          expect(result.statusCode).toBeLessThan(500);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('never answers 5xx for signed bodies, and queues only messages that fit the queue contract', async () => {
    await fc.assert(
      fc.asyncProperty(bodies, async (body) => {
        const { ingest, queued } = ingestHarness();
        const result = await ingest(webhookEvent({ source, body, headers: sign(body) }));
        expect([200, 400, 403]).toContain(result.statusCode);
        for (const message of queued) expect(QueueMessage.safeParse(message).success).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  if (source !== 'trustpilot') {
    it('never verifies a signature for a changed body', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc
            .constantFrom(...fixtures.map((name) => fixture(source, name)))
            .chain((signed) =>
              fc.tuple(
                fc.constant(signed),
                fc.oneof(tamperedBody(signed), mutatedFixture(source, fixtures), fc.string()),
              ),
            ),
          async ([signedBody, sentBody]) => {
            fc.pre(sentBody !== signedBody);
            const { ingest, queued } = ingestHarness();
            const result = await ingest(
              webhookEvent({ source, body: sentBody, headers: sign(signedBody) }),
            );
            expect(result.statusCode).toBe(401);
            expect(queued).toEqual([]);
          },
        ),
        { numRuns: 200 },
      );
    });
  }
});
