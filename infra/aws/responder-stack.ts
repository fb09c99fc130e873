import {
  CfnOutput,
  Duration,
  Lazy,
  RemovalPolicy,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { type ITopic, Topic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { PLATFORMS } from '../../shared/adapters/platforms/registry';
import { ensureConsoleBuilt } from '../console-build';
import { CASE_STREAM, MENTION_QUEUE, QUEUES, REPLY_QUEUE } from '../topology';
import { CaseTable } from './constructs/case-table';
import { Escalation } from './constructs/escalation';
import { ProductHttpApi } from './constructs/http-api';
import { encryptedQueue, WorkQueue } from './constructs/mention-queue';
import { Observability } from './constructs/observability';
import { OperatorAuth } from './constructs/operator-auth';
import { OperatorConsole } from './constructs/operator-console';
import { ProductFunctions } from './constructs/product-functions';
import { ResponderSecrets } from './constructs/responder-secrets';
import { Schedules } from './constructs/schedules';
import type { DeploymentConfiguration } from './load-config';

export interface ResponderStackProps extends StackProps {
  /** The validated configuration; its `deployment` section shapes the stack. */
  readonly configuration: DeploymentConfiguration;
  /**
   * Keep the table and the operator user pool when the stack is deleted (the default); false
   * deletes every case with the stack.
   */
  readonly retainData: boolean;
  /** The operator console's build folder, uploaded to its bucket; built now when omitted or stale. */
  readonly consoleBuild?: string;
}

/** The whole product in one stack: composes the constructs and wires them together. */
export class ResponderStack extends Stack {
  constructor(scope: Construct, id: string, props: ResponderStackProps) {
    super(scope, id, props);
    const { config, document } = props.configuration;
    const { deployment } = config;
    const namePrefix = `social-responder-${config.stage}`;
    const logRetention = deployment.logRetentionDays as RetentionDays;

    const dataKey = new Key(this, 'DataKey', {
      description: 'Encrypts the social responder table, queues and topics',
      enableKeyRotation: true,
      // A retained table is unreadable without its key, so the key is kept with it.
      removalPolicy: props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    // Services that write to encrypted queues and topics on the product's behalf.
    for (const service of ['events.amazonaws.com', 'cloudwatch.amazonaws.com']) {
      dataKey.grant(new ServicePrincipal(service), 'kms:Decrypt', 'kms:GenerateDataKey');
    }

    const { table } = new CaseTable(this, 'Cases', {
      key: dataKey,
      retainOnDelete: props.retainData,
    });
    const mentions = new WorkQueue(this, 'Mentions', { namePrefix, key: dataKey, of: 'mentions' });
    const replies = new WorkQueue(this, 'Replies', { namePrefix, key: dataKey, of: 'replies' });
    const notifyDeadLetterQueue = encryptedQueue(this, 'NotifyDeadLetterQueue', {
      queueName: `${namePrefix}-${QUEUES.notifyDlq}`,
      key: dataKey,
      retentionDays: 14,
    });
    const eventsDeadLetterQueue = encryptedQueue(this, 'EventsDeadLetterQueue', {
      queueName: `${namePrefix}-events-dlq`,
      key: dataKey,
      retentionDays: 14,
    });
    const caseStreamDeadLetterQueue = encryptedQueue(this, 'CaseStreamDeadLetterQueue', {
      queueName: `${namePrefix}-${QUEUES.caseStreamDlq}`,
      key: dataKey,
      retentionDays: 14,
    });
    for (const deadLetterQueue of [
      notifyDeadLetterQueue,
      eventsDeadLetterQueue,
      caseStreamDeadLetterQueue,
    ]) {
      Validations.of(deadLetterQueue).acknowledge({
        id: 'AwsSolutions-SQS3',
        reason:
          'A dead-letter queue itself: it receives failed EventBridge deliveries, failed notifier invocations and the positions of case stream batches given up on.',
      });
    }
    const bus = new EventBus(this, 'Bus', { eventBusName: namePrefix });
    const alertTopic: ITopic = config.channels.sns.topicArn
      ? Topic.fromTopicArn(this, 'AlertTopic', config.channels.sns.topicArn)
      : new Topic(this, 'AlertTopic', {
          displayName: 'Social responder escalations (email, SMS)',
          masterKey: dataKey,
          enforceSSL: true,
        });
    const secrets = new ResponderSecrets(this, 'Secrets', {
      namePrefix,
      imported: deployment.secrets,
    });

    // The console is built after the API it fronts; what needs its URL earlier reads it lazily.
    let operatorConsole: OperatorConsole | undefined;
    const consoleUrl = Lazy.string({
      produce: () => operatorConsole?.url ?? 'https://console.invalid',
    });
    const { functions } = new ProductFunctions(this, 'Functions', {
      configDocument: document,
      table,
      dataKey,
      mentionQueue: mentions.queue,
      replyQueue: replies.queue,
      bus,
      notifyDeadLetterQueue,
      alertTopic,
      consoleUrl,
      secrets,
      hostedModel: config.triage.hostedModel,
      logRetention,
      notifierReservedConcurrency: deployment.concurrency.notifierReserved,
    });

    functions.triage.addEventSource(
      new SqsEventSource(mentions.queue, {
        batchSize: MENTION_QUEUE.batchSize,
        maxBatchingWindow: Duration.seconds(MENTION_QUEUE.maxBatchingWindowSeconds),
        reportBatchItemFailures: true,
        maxConcurrency: deployment.concurrency.triageMax,
      }),
    );
    functions.replySender.addEventSource(
      new SqsEventSource(replies.queue, {
        batchSize: REPLY_QUEUE.batchSize,
        maxBatchingWindow: Duration.seconds(REPLY_QUEUE.maxBatchingWindowSeconds),
        reportBatchItemFailures: true,
      }),
    );
    functions.caseStream.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: StartingPosition[CASE_STREAM.startingPosition],
        batchSize: CASE_STREAM.batchSize,
        maxBatchingWindow: Duration.seconds(CASE_STREAM.maxBatchingWindowSeconds),
        parallelizationFactor: CASE_STREAM.parallelizationFactor,
        tumblingWindow: Duration.seconds(CASE_STREAM.tumblingWindowSeconds),
        reportBatchItemFailures: CASE_STREAM.reportBatchItemFailures,
        bisectBatchOnError: CASE_STREAM.bisectBatchOnFunctionError,
        retryAttempts: CASE_STREAM.maximumRetryAttempts,
        onFailure: new SqsDlq(caseStreamDeadLetterQueue),
      }),
    );
    new Escalation(this, 'Escalation', {
      bus,
      notifier: functions.notifier,
      eventsDeadLetterQueue,
      notifyDeadLetterQueue,
    });
    new Schedules(this, 'Schedules', { functions, deadLetterQueue: eventsDeadLetterQueue });

    const operatorAuth = new OperatorAuth(this, 'OperatorAuth', {
      auth: deployment.auth,
      retainOnDelete: props.retainData,
      consoleUrl,
      signInDomainPrefix: `${namePrefix}-${this.account}`,
    });
    const http = new ProductHttpApi(this, 'Http', {
      functions,
      operatorAuthorizer: operatorAuth.authorizer,
      throttle: deployment.api,
      logRetention,
    });
    operatorConsole = new OperatorConsole(this, 'Console', {
      buildFolder: props.consoleBuild ?? ensureConsoleBuilt(),
      api: http.api,
      signIn: operatorAuth.consoleSignIn,
      connectTo: operatorAuth.consoleConnectTo,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const observability = new Observability(this, 'Observability', {
      dashboardName: namePrefix,
      functions,
      api: http.api,
      mentionQueue: mentions.queue,
      deadLetterQueues: {
        MentionsDeadLetters: mentions.deadLetterQueue,
        RepliesDeadLetters: replies.deadLetterQueue,
        FailedDeliveries: notifyDeadLetterQueue,
        UndeliveredEvents: eventsDeadLetterQueue,
        UncountedCaseChanges: caseStreamDeadLetterQueue,
      },
      key: dataKey,
      alarmEmail: deployment.alarmEmail,
    });

    const apiUrl = http.api.apiEndpoint;
    new CfnOutput(this, 'ConsoleUrl', {
      value: operatorConsole.url,
      description:
        'The operator console; alerts link to <ConsoleUrl>/cases/<id> unless publicUrl is configured',
    });
    new CfnOutput(this, 'ApiUrl', { value: apiUrl, description: 'Base URL of the cases API' });
    new CfnOutput(this, 'MachineApiUrl', {
      value: http.machineApi.apiEndpoint,
      description: 'The cases API for IAM (SigV4) callers',
    });
    new CfnOutput(this, 'MachineInvokePolicyArn', {
      value: http.invokePolicy.managedPolicyArn,
      description: 'Attach to a role to let it call the machine API',
    });
    for (const source of PLATFORMS.keys()) {
      new CfnOutput(this, `WebhookUrl${pascal(source)}`, {
        value: `${apiUrl}/webhooks/${source}`,
        description: `Register this URL with ${source}`,
      });
    }
    if (operatorAuth.userPool && operatorAuth.userPoolClient) {
      new CfnOutput(this, 'OperatorUserPoolId', { value: operatorAuth.userPool.userPoolId });
      new CfnOutput(this, 'OperatorClientId', {
        value: operatorAuth.userPoolClient.userPoolClientId,
      });
    }
    new CfnOutput(this, 'AlarmTopicArn', { value: observability.alarmTopic.topicArn });
    new CfnOutput(this, 'AlertTopicArn', { value: alertTopic.topicArn });
    new CfnOutput(this, 'TableName', { value: table.tableName });
  }
}

const pascal = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);
