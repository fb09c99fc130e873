import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CfnElement, Stack, Stage, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { HostedModelSettings } from '../../../shared/domain/triage/hosted-model';
import { CONFIG_FILE_NAME } from '../../../shared/runtime/aws-context';
import { FUNCTIONS, type FunctionName } from '../../topology';
import { ResponderFunction } from './responder-function';
import type { ResponderSecrets } from './responder-secrets';

/** What every function that changes cases does: read them by key and query, write in transactions. */
const CASE_WRITES = [
  'BatchGetItem',
  'Query',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'ConditionCheckItem',
] as const;

/**
 * DynamoDB actions each function needs on the case table (and its indexes); nothing else. An infra
 * test derives the actions from the code each function bundles and fails when one is missing here.
 */
export const TABLE_ACTIONS: Readonly<Record<FunctionName, readonly string[]>> = {
  // Whether a delivered mention was already recorded (`duplicates`, when the sender asks).
  ingest: ['BatchGetItem'],
  // With the reply outbox, whose writes include a condition check on the case; BatchGetItem and
  // DeleteItem for incidents (their cases, the open-incident pointer).
  triage: ['GetItem', ...CASE_WRITES],
  // BatchGetItem: the case store reads the cases a keys-only index page names; UpdateItem: a case
  // is rewritten attribute by attribute.
  slaSweeper: CASE_WRITES,
  // UpdateItem: a channel's pacing slot is taken with one atomic conditional update.
  notifier: ['GetItem', ...CASE_WRITES],
  // Scan only for GET /labels, the export of corrected mentions (paged, never on a hot path).
  casesApi: ['GetItem', ...CASE_WRITES, 'Scan'],
  replySender: ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem', 'ConditionCheckItem'],
  // Adds a stream window's sums to the report counters (reading the stream is the mapping's grant).
  caseStream: ['UpdateItem'],
};

/** Functions that publish product events to the bus. */
export const EVENT_PUBLISHERS: readonly FunctionName[] = [
  'triage',
  'slaSweeper',
  'casesApi',
  'replySender',
];

export interface ProductFunctionsProps {
  /** The configuration as written (without `deployment`), bundled with every function. */
  readonly configDocument: Record<string, unknown>;
  readonly table: ITable;
  readonly dataKey: IKey;
  readonly mentionQueue: IQueue;
  /**
   * Replies to send: the cases API queues them, the reply sender re-queues deferred ones, triage
   * queues a follow-up whose public reply the platform's echo settled.
   */
  readonly replyQueue: IQueue;
  readonly bus: IEventBus;
  readonly notifyDeadLetterQueue: IQueue;
  /** The SNS channel's topic: the notifier may publish to it. */
  readonly alertTopic: ITopic;
  /**
   * The operator console's URL: the notifier links alerts to `<consoleUrl>/cases/<id>` unless the
   * configuration names a `publicUrl` (a custom domain in front of it).
   */
  readonly consoleUrl: string;
  readonly secrets: ResponderSecrets;
  /** The optional hosted model: when enabled, triage may invoke it and nothing else may. */
  readonly hostedModel: HostedModelSettings;
  readonly logRetention: RetentionDays;
  readonly notifierReservedConcurrency?: number;
}

/**
 * Every function of the topology, each with the shared environment, the ARNs of the secrets it
 * reads (never their values), and exactly the permissions its work needs.
 */
export class ProductFunctions extends Construct {
  readonly functions: Readonly<Record<FunctionName, IFunction>>;

  constructor(scope: Construct, id: string, props: ProductFunctionsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const configFile = writeConfigFile(this, props.configDocument);
    const environment = {
      TABLE_NAME: props.table.tableName,
      MENTION_QUEUE_URL: props.mentionQueue.queueUrl,
      REPLY_QUEUE_URL: props.replyQueue.queueUrl,
      EVENT_BUS_NAME: props.bus.eventBusName,
      NOTIFY_DLQ_URL: props.notifyDeadLetterQueue.queueUrl,
    };

    const names = Object.keys(FUNCTIONS) as FunctionName[];
    const built = names.map((name) => {
      const secrets = props.secrets.readBy(name);
      const arns = Object.fromEntries(
        [...secrets].map(([secret, value]) => [secret, value.secretArn]),
      );
      const { function: fn } = new ResponderFunction(this, name, {
        spec: FUNCTIONS[name],
        environment: {
          ...environment,
          ...(name === 'notifier'
            ? { ALERT_TOPIC_ARN: props.alertTopic.topicArn, CONSOLE_URL: props.consoleUrl }
            : {}),
          SECRET_ARNS: stack.toJsonString(arns),
        },
        configFile,
        logRetention: props.logRetention,
        reservedConcurrency: name === 'notifier' ? props.notifierReservedConcurrency : undefined,
      });
      for (const secret of secrets.values()) secret.grantRead(fn);
      for (const secret of props.secrets.writtenBy(name)) secret.grantWrite(fn);
      const tableActions = TABLE_ACTIONS[name];
      if (tableActions.length > 0) {
        props.table.grant(fn, ...tableActions.map((action) => `dynamodb:${action}`));
        props.dataKey.grantEncryptDecrypt(fn);
      }
      if (EVENT_PUBLISHERS.includes(name)) props.bus.grantPutEventsTo(fn);
      acknowledgeGrantWildcards(fn, name, tableActions.length > 0 ? props.table : undefined);
      return [name, fn] as const;
    });
    this.functions = Object.fromEntries(built) as unknown as Record<FunctionName, IFunction>;
    props.mentionQueue.grantSendMessages(this.functions.ingest);
    props.replyQueue.grantSendMessages(this.functions.casesApi);
    props.replyQueue.grantSendMessages(this.functions.replySender);
    // Triage queues the private follow-up of a public reply once the platform's echo settles it.
    props.replyQueue.grantSendMessages(this.functions.triage);
    props.alertTopic.grantPublish(this.functions.notifier);
    if (props.hostedModel.enabled) grantHostedModel(this.functions.triage, props.hostedModel);
  }
}

/** Cross-region inference profiles are named `<geography>.<model id>`. */
const INFERENCE_PROFILE = /^(us|us-gov|eu|apac|jp|au|ca|global)\.(.+)$/;

/**
 * Lets triage call the hosted model (Converse needs `bedrock:InvokeModel`): the foundation model
 * in its region; for an inference profile, the profile and the model in the regions it routes to.
 */
const grantHostedModel = (fn: IFunction, settings: HostedModelSettings): void => {
  const stack = Stack.of(fn);
  const region = settings.region ?? stack.region;
  const profile = INFERENCE_PROFILE.exec(settings.modelId);
  const resources = profile
    ? [
        `arn:${stack.partition}:bedrock:${region}:${stack.account}:inference-profile/${settings.modelId}`,
        `arn:${stack.partition}:bedrock:*::foundation-model/${profile[2]}`,
      ]
    : [`arn:${stack.partition}:bedrock:${region}::foundation-model/${settings.modelId}`];
  fn.addToRolePolicy(new PolicyStatement({ actions: ['bedrock:InvokeModel'], resources }));
  if (profile) {
    Validations.of(fn).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:bedrock:*::foundation-model/${profile[2]}]`,
      reason:
        'An inference profile routes each call to one of several regions; the statement names the one model.',
    });
  }
};

/**
 * Writes the configuration beside the cloud assembly, for every function bundle to copy: the
 * functions read it from their code directory (Lambda's environment allows 4 KB in all).
 */
const writeConfigFile = (scope: Construct, document: Record<string, unknown>): string => {
  const stack = Stack.of(scope);
  const outdir = Stage.of(scope)?.outdir ?? mkdtempSync(join(tmpdir(), 'responder-config-'));
  mkdirSync(outdir, { recursive: true });
  const file = join(outdir, `${stack.artifactId}.${CONFIG_FILE_NAME}`);
  writeFileSync(file, JSON.stringify(document));
  return file;
};

/** The wildcards CDK's grants and X-Ray write, each scoped as narrowly as the service allows. */
const acknowledgeGrantWildcards = (fn: IFunction, name: FunctionName, table?: ITable): void => {
  const acknowledgments = [
    {
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: 'AWSLambdaBasicExecutionRole allows only writing the function’s own log streams.',
    },
    {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'X-Ray accepts PutTraceSegments and PutTelemetryRecords only on "*".',
    },
    {
      id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
      reason: `The ${name} function may use the data key only (the statement names its ARN) to write encrypted messages or items.`,
    },
    {
      id: 'AwsSolutions-IAM5[Action::kms:ReEncrypt*]',
      reason: `The ${name} function may use the data key only (the statement names its ARN).`,
    },
    {
      id: 'AwsSolutions-L1',
      reason:
        'Node.js 22 is the runtime the product is built and tested on; a newer runtime is a deliberate upgrade.',
    },
  ];
  if (table) {
    const tableId = Stack.of(table).getLogicalId(table.node.defaultChild as CfnElement);
    acknowledgments.push({
      id: `AwsSolutions-IAM5[Resource::<${tableId}.Arn>/index/*]`,
      reason: `The ${name} function queries the case table's own indexes (sla-due, by-status).`,
    });
  }
  Validations.of(fn).acknowledge(...acknowledgments);
};
