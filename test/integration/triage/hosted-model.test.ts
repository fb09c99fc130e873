import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { createTriageHandler } from '../../../functions/triage';
import {
  BedrockTriageModel,
  HostedModelAnswerError,
  HostedModelCallError,
  HostedModelTimeoutError,
} from '../../../shared/adapters/bedrock/bedrock-triage-model';
import { DynamoDbHostedModelBudget } from '../../../shared/adapters/dynamodb/hosted-model-budget';
import { keys } from '../../../shared/adapters/dynamodb/table-keys';
import type { Mention } from '../../../shared/contracts/mention';
import { caseIdFor } from '../../../shared/use-cases/mention-triage';
import { refundComplaint } from '../../fixtures/cases/mentions';
import { type BedrockStandIn, startBedrockStandIn } from '../../support/bedrock-stand-in';
import { testRuntimeContext } from '../../support/emulators';
import { BUS_NAME, received, recordOf, sqsEvent, useTriageHarness } from './support';

const MODEL_ID = 'amazon.nova-micro-v1:0';
const COMPLAINT_ANSWER =
  '{"sentiment":"negative","intents":["complaint","question"],"urgency":["churn"]}';

const harness = useTriageHarness();
let bedrock: BedrockStandIn;
let client: BedrockRuntimeClient;

beforeAll(async () => {
  bedrock = await startBedrockStandIn(MODEL_ID);
  process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME = bedrock.url;
  client = new BedrockRuntimeClient({ region: 'us-east-1', maxAttempts: 1 });
});
afterAll(async () => {
  delete process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME;
  client.destroy();
  await bedrock.stop();
});
beforeEach(() => {
  bedrock.requests.length = 0;
  bedrock.answerWith(COMPLAINT_ANSWER);
});
afterEach(() => expect(bedrock.problems).toEqual([]));

let serial = 0;
/** A mention of its own author and conversation, so each test opens its own case. */
const mentionSaying = (text: string): Mention => {
  serial += 1;
  const nativeId = `17900099000000${String(serial).padStart(5, '0')}`;
  return refundComplaint({
    id: `x:${nativeId}`,
    nativeId,
    conversationId: nativeId,
    author: { ...refundComplaint().author, id: `hosted-${serial}` },
    text,
  });
};
// The built-in classifier is unsure of these (confidence below 0.6) and sure of the last one.
const UNSURE = '@AcmeAir just got back from the airport with the kids.';
const SURE = '@AcmeAir this is the worst service ever, I am furious, my bag is lost!';

describe('BedrockTriageModel', () => {
  const model = (timeoutMs = 2000) =>
    new BedrockTriageModel(client, { modelId: MODEL_ID, timeoutMs });

  it('asks through a documented Converse request and returns the schema-checked answer', async () => {
    const answer = await model().ask(mentionSaying(UNSURE));

    expect(answer).toEqual({
      sentiment: 'negative',
      intents: ['complaint', 'question'],
      urgency: ['churn'],
    });
    expect(bedrock.requests).toHaveLength(1);
    const body = bedrock.requests[0]?.body as Record<string, unknown>;
    expect(JSON.stringify(body.messages)).toContain('just got back from the airport');
    expect(body.inferenceConfig).toEqual({ maxTokens: 200, temperature: 0 });
    expect((body.system as Array<{ text: string }>)[0]?.text).toContain(
      '"intents": a non-empty list',
    );
  });

  it('accepts the JSON object inside a fenced reply', async () => {
    bedrock.answerWith(`Here is the triage:\n\`\`\`json\n${COMPLAINT_ANSWER}\n\`\`\``);
    await expect(model().ask(mentionSaying(UNSURE))).resolves.toMatchObject({
      sentiment: 'negative',
    });
  });

  it('gives up after its timeout when the model does not answer', async () => {
    bedrock.failNext('hang');
    await expect(model(300).ask(mentionSaying(UNSURE))).rejects.toThrow(HostedModelTimeoutError);
  });

  it.each([
    ['prose instead of JSON', 'The customer seems unhappy.', /answered no JSON object/],
    [
      'a value outside the schema',
      '{"sentiment":"angry","intents":["complaint"],"urgency":[]}',
      /out of shape: sentiment/,
    ],
    ['a missing field', '{"sentiment":"negative","intents":["complaint"]}', /urgency/],
  ])('refuses %s', async (_, text, message) => {
    bedrock.answerWith(text);
    const failure = model().ask(mentionSaying(UNSURE));
    await expect(failure).rejects.toThrow(HostedModelAnswerError);
    await expect(failure).rejects.toThrow(message);
  });

  it('refuses an answer cut off at the token limit', async () => {
    bedrock.answerWith('{"sentiment":"negative","intents":["compl', 'max_tokens');
    await expect(model().ask(mentionSaying(UNSURE))).rejects.toThrow(/max_tokens/);
  });

  it('reports throttling (429) at once, without retrying', async () => {
    bedrock.failNext(bedrock.faults.throttled());
    const failure = model().ask(mentionSaying(UNSURE));
    await expect(failure).rejects.toThrow(HostedModelCallError);
    await expect(failure).rejects.toThrow(/ThrottlingException/);
    expect(bedrock.requests).toHaveLength(1);
  });
});

describe('DynamoDbHostedModelBudget', () => {
  it('lets instances together spend exactly the day’s budget, and starts afresh the next day', async () => {
    const documents = DynamoDBDocumentClient.from(harness.table.client);
    const instances = [1, 2].map(
      () => new DynamoDbHostedModelBudget(documents, harness.table.tableName),
    );
    const day = new Date('2031-03-04T23:59:00.000Z');

    const spent = await Promise.all(
      Array.from({ length: 10 }, (_, index) => instances[index % 2]?.spend(day, 4)),
    );

    expect(spent.filter(Boolean)).toHaveLength(4);
    const item = await documents.send(
      new GetCommand({
        TableName: harness.table.tableName,
        Key: keys.hostedModelBudget('2031-03-04'),
      }),
    );
    expect(item.Item).toMatchObject({ calls: 4, expiresAt: Date.parse('2031-03-06') / 1000 });
    await expect(instances[0]?.spend(new Date('2031-03-05T00:00:01.000Z'), 4)).resolves.toBe(true);
  });

  it('spends nothing when the budget is zero', async () => {
    const budget = new DynamoDbHostedModelBudget(
      DynamoDBDocumentClient.from(harness.table.client),
      harness.table.tableName,
    );
    await expect(budget.spend(new Date('2031-04-01T10:00:00Z'), 0)).resolves.toBe(false);
  });
});

describe('createTriageHandler with the hosted model enabled', () => {
  const triageWith = (hostedModel: Record<string, unknown>) =>
    createTriageHandler(
      testRuntimeContext({
        table: harness.table,
        clock: harness.clock,
        eventBusName: BUS_NAME,
        config: {
          triage: {
            hostedModel: { enabled: true, modelId: MODEL_ID, timeoutMs: 500, ...hostedModel },
          },
        },
      }),
    );
  const triageOf = async (mention: Mention) => {
    const record = await harness.store.getCaseRecord(caseIdFor(mention));
    return { case: record?.case, classification: record?.mentions[0]?.triage?.classification };
  };

  it('takes the hosted model’s intents for a mention the rules are unsure of, and says so', async () => {
    const mention = mentionSaying(UNSURE);
    const response = await triageWith({ dailyBudget: 100 })(sqsEvent(recordOf(received(mention))));

    expect(response.batchItemFailures).toEqual([]);
    const { case: opened, classification } = await triageOf(mention);
    expect(opened?.intents).toEqual(['complaint', 'question']);
    expect(classification).toMatchObject({
      sentiment: 'negative',
      complaint: true,
      urgency: ['churn'],
    });
    expect(classification?.hostedModel).toMatch(
      /^hosted model amazon\.nova-micro-v1:0 asked \(built-in confidence 0\.\d+ < 0\.6\): sentiment negative \(built-in neutral\); intents complaint, question \(built-in irrelevant\); urgency churn$/,
    );
    expect(bedrock.requests).toHaveLength(1);
  });

  it('does not ask about a mention the rules are sure of', async () => {
    const mention = mentionSaying(SURE);
    await triageWith({ dailyBudget: 100 })(sqsEvent(recordOf(received(mention))));

    const { classification } = await triageOf(mention);
    expect(classification?.confidence).toBeGreaterThanOrEqual(0.6);
    expect(classification?.hostedModel).toBeUndefined();
    expect(bedrock.requests).toHaveLength(0);
  });

  it.each([
    ['throttled (429)', () => bedrock.failNext(bedrock.faults.throttled()), /ThrottlingException/],
    ['silent past the timeout', () => bedrock.failNext('hang'), /no answer within 500 ms/],
    ['out of shape', () => bedrock.answerWith('{"mood":"bad"}'), /out of shape/],
  ])('keeps the built-in result when the model is %s', async (_, fault, why) => {
    fault();
    const mention = mentionSaying(UNSURE);
    const response = await triageWith({ dailyBudget: 100 })(sqsEvent(recordOf(received(mention))));

    expect(response.batchItemFailures).toEqual([]);
    const { case: opened, classification } = await triageOf(mention);
    expect(opened?.intents).toEqual(['irrelevant']);
    expect(classification?.hostedModel).toMatch(
      /^hosted model amazon\.nova-micro-v1:0 not used: .*; built-in result kept$/,
    );
    expect(classification?.hostedModel).toMatch(why);
  });

  it('keeps the built-in result once the day’s budget is spent', async () => {
    // A day of its own: the other tests spent calls from the harness's first day.
    harness.clock.advance(86_400_000);
    const first = mentionSaying(UNSURE);
    const second = mentionSaying(UNSURE);
    // The budget counter is shared: a fresh handler (another instance) sees the first call.
    await triageWith({ dailyBudget: 1 })(sqsEvent(recordOf(received(first))));
    await triageWith({ dailyBudget: 1 })(sqsEvent(recordOf(received(second))));

    expect((await triageOf(first)).case?.intents).toEqual(['complaint', 'question']);
    const { classification } = await triageOf(second);
    expect(classification?.intents).toEqual(['irrelevant']);
    expect(classification?.hostedModel).toBe(
      "hosted model amazon.nova-micro-v1:0 not used: today's budget of 1 calls is spent; built-in result kept",
    );
    expect(bedrock.requests).toHaveLength(1);
  });
});
