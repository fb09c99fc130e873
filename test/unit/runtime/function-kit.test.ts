import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { parseConfig } from '../../../shared/domain/config/responder-config';
import type { RuntimeContext } from '../../../shared/runtime/context';
import { documentClientOf } from '../../../shared/runtime/document-client';
import { functionKit } from '../../../shared/runtime/function-kit';
import { xrayTracing } from '../../../shared/runtime/tracing';

const runtimeContext: RuntimeContext = {
  env: {
    TABLE_NAME: 'cases',
    MENTION_QUEUE_URL: 'http://127.0.0.1:9/mentions',
    EVENT_BUS_NAME: 'bus',
    AWS_REGION: 'eu-west-1',
  },
  config: parseConfig({}, 'test configuration'),
  clock: { now: () => new Date('2026-03-02T09:00:00Z') },
  secrets: { get: async () => undefined, put: async () => {} },
};

/** The context Lambda passes a Node.js handler (the fields the Node.js runtime documents). */
const lambdaContext = (awsRequestId: string): Context => ({
  callbackWaitsForEmptyEventLoop: true,
  functionName: 'social-responder-triage',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:social-responder-triage',
  memoryLimitInMB: '512',
  awsRequestId,
  logGroupName: '/aws/lambda/social-responder-triage',
  logStreamName: '2026/03/02/[$LATEST]abcdef',
  getRemainingTimeInMillis: () => 30_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});

/** The JSON log lines written to stdout while `run` runs. */
const logLinesOf = async (run: () => Promise<unknown>): Promise<Record<string, unknown>[]> => {
  const written: string[] = [];
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    written.push(String(chunk));
    return true;
  });
  try {
    await run();
  } finally {
    write.mockRestore();
  }
  return written
    .join('')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
};

describe('functionKit', () => {
  it('logs each invocation with its own Lambda request id and the function name', async () => {
    const kit = functionKit(runtimeContext, 'triage');
    const handle = kit.handler(async (event: { n: number }) => {
      kit.logger.info('mention triaged', { n: event.n });
      return event.n;
    });
    const lines = await logLinesOf(async () => {
      expect(await handle({ n: 1 }, lambdaContext('request-1'))).toBe(1);
      expect(await handle({ n: 2 }, lambdaContext('request-2'))).toBe(2);
    });
    expect(
      lines.map((line) => ({
        n: line.n,
        requestId: line.function_request_id,
        functionName: line.function_name,
        function: line.function,
      })),
    ).toEqual([
      { n: 1, requestId: 'request-1', functionName: 'social-responder-triage', function: 'triage' },
      { n: 2, requestId: 'request-2', functionName: 'social-responder-triage', function: 'triage' },
    ]);
  });

  it('runs the handler without a Lambda context, as the local runtime calls it', async () => {
    const kit = functionKit(runtimeContext, 'ingest');
    const lines = await logLinesOf(async () => {
      await kit.handler(async () => kit.logger.info('webhook accepted'))(undefined);
    });
    expect(lines).toEqual([expect.objectContaining({ message: 'webhook accepted' })]);
    expect(lines[0]).not.toHaveProperty('function_request_id');
  });

  it('builds each AWS client once, in the function region', async () => {
    const kit = functionKit(runtimeContext, 'casesApi');
    expect(kit.client(SQSClient)).toBe(kit.client(SQSClient));
    expect(documentClientOf(kit)).toBe(documentClientOf(kit));
    expect(await kit.client(EventBridgeClient).config.region()).toBe('eu-west-1');
  });

  it('hands each client to the tracing once, when the function is traced', () => {
    const captured: unknown[] = [];
    const kit = functionKit(runtimeContext, 'triage', {
      tracing: {
        capture: (client) => {
          captured.push(client);
          return client;
        },
        invocation: (_name, run) => run(),
      },
    });
    const sqs = kit.client(SQSClient);
    kit.client(SQSClient);
    const dynamoDb = documentClientOf(kit);
    expect(captured).toEqual([sqs, kit.client(DynamoDBClient)]);
    expect(dynamoDb).toBe(documentClientOf(kit));
  });

  it('leaves tracing off outside Lambda', () => {
    expect(xrayTracing().tracer.isTracingEnabled()).toBe(false);
  });

  it('traces each invocation in Lambda in its own subsegment, annotated with cold start and service', async () => {
    const saved = { ...process.env };
    // What Lambda sets for a function with active tracing (the trace header is AWS's example).
    Object.assign(process.env, {
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      LAMBDA_TASK_ROOT: '/var/task',
      _X_AMZN_TRACE_ID:
        'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
      POWERTOOLS_TRACER_CAPTURE_HTTPS_REQUESTS: 'false',
    });
    try {
      const seen: unknown[] = [];
      let kit: ReturnType<typeof functionKit> | undefined;
      let tracing: ReturnType<typeof xrayTracing> | undefined;
      // A fresh module registry: Tracer and the X-Ray SDK read the Lambda environment on load.
      jest.isolateModules(() => {
        tracing = jest
          .requireActual<{ xrayTracing: typeof xrayTracing }>('../../../shared/runtime/tracing')
          .xrayTracing();
        kit = functionKit(runtimeContext, 'triage', { tracing });
      });
      if (!kit || !tracing) throw new Error('the kit was not built');
      const { tracer } = tracing;
      expect(tracer.isTracingEnabled()).toBe(true);
      const handle = kit.handler(async () => {
        const segment = tracer.getSegment() as unknown as {
          name: string;
          annotations?: Record<string, unknown>;
        };
        seen.push({ name: segment.name, annotations: segment.annotations });
      });
      await handle(undefined, lambdaContext('request-1'));
      await handle(undefined, lambdaContext('request-2'));
      expect(seen).toEqual([
        { name: '## triage', annotations: { ColdStart: true, Service: 'social-responder' } },
        { name: '## triage', annotations: { ColdStart: false, Service: 'social-responder' } },
      ]);
    } finally {
      process.env = saved;
    }
  });
});
