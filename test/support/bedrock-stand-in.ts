/**
 * A loopback stand-in for the Amazon Bedrock runtime's Converse operation, written from the API
 * reference (not from the product's adapter): `POST /model/{modelId}/converse` with a JSON body
 * of `messages` (role + content blocks), optional `system` and `inferenceConfig`, signed with
 * SigV4 for the `bedrock` service; it answers `200` with `output.message.content[].text`,
 * `stopReason`, `usage` and `metrics`, and errors as the restJson1 protocol does: the status,
 * `x-amzn-ErrorType` naming the exception and `{"message": …}` (ThrottlingException is 429,
 * ValidationException 400). It speaks HTTP/2 (cleartext, prior knowledge), as the SDK's client
 * does by default.
 *
 *   const bedrock = await startBedrockStandIn('amazon.nova-micro-v1:0');
 *   process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME = bedrock.url;
 *   bedrock.answerWith('{"sentiment":"negative","intents":["complaint"],"urgency":[]}');
 *   bedrock.failNext(bedrock.faults.throttled());   // or 'hang' for no answer at all
 *   … bedrock.requests, bedrock.problems ([] when every request was as documented)
 */
import { type RecordedRequest, type StandInAnswer, startStandIn } from './platform-stand-ins';

const ROLES = new Set(['user', 'assistant']);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const checkConverse = (modelId: string, request: RecordedRequest): string[] => {
  const problems: string[] = [];
  const path = /^\/model\/([^/]+)\/converse$/.exec(request.path);
  if (request.method !== 'POST' || !path) {
    return [`${request.method} ${request.path} is not POST /model/{modelId}/converse`];
  }
  if (decodeURIComponent(path[1] ?? '') !== modelId) {
    problems.push(`model ${decodeURIComponent(path[1] ?? '')} is not ${modelId}`);
  }
  if (!String(request.headers['content-type']).startsWith('application/json')) {
    problems.push(`content-type ${request.headers['content-type']} is not application/json`);
  }
  const authorization = String(request.headers.authorization ?? '');
  if (
    !/^AWS4-HMAC-SHA256 Credential=[^/]+\/\d{8}\/[a-z0-9-]+\/bedrock\/aws4_request,/.test(
      authorization,
    )
  ) {
    problems.push('the request is not signed with SigV4 for the bedrock service');
  }
  const body = request.body;
  if (!isObject(body) || !Array.isArray(body.messages) || body.messages.length === 0) {
    return [...problems, 'messages must be a non-empty list'];
  }
  for (const message of body.messages) {
    if (!isObject(message) || !ROLES.has(String(message.role)) || !Array.isArray(message.content)) {
      problems.push('each message needs a role (user or assistant) and a content list');
    }
  }
  if (body.system !== undefined && !Array.isArray(body.system))
    problems.push('system must be a list');
  if (body.inferenceConfig !== undefined) {
    const config = body.inferenceConfig;
    if (!isObject(config)) problems.push('inferenceConfig must be an object');
    else if (config.maxTokens !== undefined && !(Number(config.maxTokens) >= 1)) {
      problems.push('inferenceConfig.maxTokens must be at least 1');
    }
  }
  return problems;
};

const error = (status: number, type: string, message: string): StandInAnswer => ({
  status,
  headers: { 'x-amzn-errortype': type },
  body: { message },
});

export const startBedrockStandIn = async (modelId: string) => {
  let answerText = '{"sentiment":"neutral","intents":["irrelevant"],"urgency":[]}';
  let stopReason = 'end_turn';
  const standIn = await startStandIn(
    (request) => checkConverse(modelId, request),
    () => ({
      status: 200,
      headers: { 'x-amzn-requestid': crypto.randomUUID() },
      body: {
        output: { message: { role: 'assistant', content: [{ text: answerText }] } },
        stopReason,
        usage: { inputTokens: 180, outputTokens: 24, totalTokens: 204 },
        metrics: { latencyMs: 312 },
      },
    }),
    (problems) => error(400, 'ValidationException', problems.join('; ')),
    // The SDK's Bedrock runtime client speaks HTTP/2 only, as the service's endpoint does.
    'h2c',
  );
  return {
    ...standIn,
    /** The model's text from now on (and how it stopped: `end_turn` unless told). */
    answerWith: (text: string, reason = 'end_turn') => {
      answerText = text;
      stopReason = reason;
    },
    faults: {
      throttled: () =>
        error(429, 'ThrottlingException', 'Too many requests, please wait before trying again.'),
      accessDenied: () =>
        error(
          403,
          'AccessDeniedException',
          "You don't have access to the model with the specified model ID.",
        ),
    },
  };
};

export type BedrockStandIn = Awaited<ReturnType<typeof startBedrockStandIn>>;
