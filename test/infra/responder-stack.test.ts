import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { TABLE_ACTIONS } from '../../infra/aws/constructs/product-functions';
import { REPOSITORY_ROOT } from '../../infra/aws/constructs/responder-function';
import { SECRET_READERS, SECRET_WRITERS } from '../../infra/aws/constructs/responder-secrets';
import {
  CASE_STREAM,
  CASE_TABLE,
  EVENT_RULES,
  FUNCTIONS,
  type FunctionName,
  MENTION_QUEUE,
  QUEUES,
  REPLY_QUEUE,
  ROUTES,
  SCHEDULES,
} from '../../infra/topology';
import { PLATFORMS } from '../../shared/adapters/platforms/registry';
import { METRICS_NAMESPACE, METRICS_SERVICE } from '../../shared/contracts/metrics';
import { CONFIG_FILE_NAME } from '../../shared/runtime/aws-context';
import { type SynthesizedStack, synthStack } from '../support/synth-stack';

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };
type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

let synthesized: SynthesizedStack;
let template: Template;

beforeAll(() => {
  synthesized = synthStack({ configPath: join(REPOSITORY_ROOT, 'config', 'example.json') });
  template = synthesized.template;
}, 180_000);

const resourcesOf = (type: string): [string, Resource][] =>
  Object.entries(template.findResources(type)) as [string, Resource][];

const functionIdOf = (name: FunctionName): string => {
  const found = resourcesOf('AWS::Lambda::Function').find(
    ([, resource]) => resource.Properties.Description === FUNCTIONS[name].description,
  );
  if (!found) throw new Error(`no function for ${name}`);
  return found[0];
};

const functionOf = (name: FunctionName): Resource =>
  template.toJSON().Resources[functionIdOf(name)] as Resource;

/** Every statement of the policies attached to the function's role. */
const statementsOf = (name: FunctionName): Statement[] => {
  const role = (functionOf(name).Properties.Role as { 'Fn::GetAtt': [string, string] })[
    'Fn::GetAtt'
  ][0];
  return resourcesOf('AWS::IAM::Policy')
    .filter(([, policy]) =>
      (policy.Properties.Roles as { Ref: string }[]).some((ref) => ref.Ref === role),
    )
    .flatMap(
      ([, policy]) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement,
    );
};

const actionsOf = (name: FunctionName, service: string): string[] =>
  statementsOf(name)
    .flatMap((statement) => [statement.Action].flat())
    .filter((action) => action.startsWith(`${service}:`))
    .sort();

const STREAM_READS = [
  'dynamodb:DescribeStream',
  'dynamodb:GetRecords',
  'dynamodb:GetShardIterator',
  'dynamodb:ListStreams',
];

const idOfOnly = (type: string, properties: Record<string, unknown>): string => {
  const found = Object.keys(template.findResources(type, { Properties: properties }));
  expect(found).toHaveLength(1);
  return found[0] as string;
};

/** Each secret's logical id to its SECRET_NAME. */
const secretNamesById = () =>
  new Map(
    resourcesOf('AWS::SecretsManager::Secret').map(([id, secret]) => [
      id,
      String(secret.Properties.Name).split('/').pop(),
    ]),
  );

describe('ResponderStack', () => {
  describe('cdk-nag', () => {
    it('reports no AwsSolutions finding that is not acknowledged with a reason', () => {
      expect(synthesized.nagFindings).toEqual([]);
    });
  });

  describe('functions', () => {
    it.each(Object.keys(FUNCTIONS) as FunctionName[])(
      'runs %s on Node.js 22, ARM64, traced, with the topology timeout and memory',
      (name) => {
        const { Properties } = functionOf(name);
        expect(Properties).toMatchObject({
          Runtime: 'nodejs22.x',
          Architectures: ['arm64'],
          Timeout: FUNCTIONS[name].timeoutSeconds,
          MemorySize: FUNCTIONS[name].memoryMb,
          TracingConfig: { Mode: 'Active' },
          LoggingConfig: { LogFormat: 'JSON' },
        });
        const variables = (Properties.Environment as { Variables: Record<string, unknown> })
          .Variables;
        expect(variables).toMatchObject({
          POWERTOOLS_SERVICE_NAME: METRICS_SERVICE,
          POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
          NODE_OPTIONS: '--enable-source-maps',
        });
        expect(Object.keys(variables)).toEqual(
          expect.arrayContaining([
            'TABLE_NAME',
            'MENTION_QUEUE_URL',
            'EVENT_BUS_NAME',
            'NOTIFY_DLQ_URL',
            'SECRET_ARNS',
          ]),
        );
        expect(Object.keys(variables)).not.toContain('RESPONDER_CONFIG');
      },
    );

    it.each(Object.keys(FUNCTIONS) as FunctionName[])(
      'bundles the configuration without its deployment section with the %s code',
      (name) => {
        const { S3Key } = functionOf(name).Properties.Code as { S3Key: string };
        const assetDirectory = join(synthesized.outdir, `asset.${S3Key.replace(/\.zip$/, '')}`);
        const bundled = readFileSync(join(assetDirectory, CONFIG_FILE_NAME), 'utf8');
        const { deployment: _deployment, ...forFunctions } = JSON.parse(
          readFileSync(join(REPOSITORY_ROOT, 'config', 'example.json'), 'utf8'),
        );
        expect(JSON.parse(bundled)).toEqual(forFunctions);
        expect(bundled).not.toContain('alarmEmail');
      },
    );

    it('tells only the notifier the alert topic', () => {
      for (const name of Object.keys(FUNCTIONS) as FunctionName[]) {
        const variables = (
          functionOf(name).Properties.Environment as { Variables: Record<string, unknown> }
        ).Variables;
        expect(variables.ALERT_TOPIC_ARN !== undefined).toBe(name === 'notifier');
      }
    });

    it('keeps logs for the configured retention', () => {
      for (const name of Object.keys(FUNCTIONS) as FunctionName[]) {
        const logGroup = (
          functionOf(name).Properties.LoggingConfig as { LogGroup: { Ref: string } }
        ).LogGroup.Ref;
        expect(template.toJSON().Resources[logGroup].Properties.RetentionInDays).toBe(90);
      }
    });
  });

  describe('least privilege', () => {
    it.each(Object.keys(FUNCTIONS) as FunctionName[])(
      'grants %s exactly its DynamoDB actions',
      (name) => {
        // Reading the table's stream is granted with the case stream's event source mapping.
        const streamReads = actionsOf(name, 'dynamodb').filter((action) =>
          /^dynamodb:(DescribeStream|GetRecords|GetShardIterator|ListStreams)$/.test(action),
        );
        expect(streamReads).toEqual(name === 'caseStream' ? STREAM_READS : []);
        expect(
          actionsOf(name, 'dynamodb').filter((action) => !streamReads.includes(action)),
        ).toEqual(TABLE_ACTIONS[name].map((action) => `dynamodb:${action}`).sort());
      },
    );

    it('lets ingest send to the mentions queue, the cases API and triage to the replies queue, nothing else on SQS', () => {
      const send = ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'];
      const queueArnOf = (name: string) => ({
        'Fn::GetAtt': [
          idOfOnly('AWS::SQS::Queue', { QueueName: `social-responder-prod-${name}` }),
          'Arn',
        ],
      });
      expect(actionsOf('ingest', 'sqs')).toEqual(send);
      expect(actionsOf('casesApi', 'sqs')).toEqual(send);
      const sqsResources = (name: FunctionName) =>
        statementsOf(name)
          .filter((statement) =>
            [statement.Action].flat().some((action) => action.startsWith('sqs:')),
          )
          .map((statement) => statement.Resource);
      expect(sqsResources('ingest')).toEqual([queueArnOf(QUEUES.mentions)]);
      expect(sqsResources('casesApi')).toEqual([queueArnOf(QUEUES.replies)]);
      // Triage queues the private follow-up once the platform's echo settles its public reply.
      const sendsTo = (name: FunctionName) =>
        statementsOf(name)
          .filter((statement) => [statement.Action].flat().includes('sqs:SendMessage'))
          .map((statement) => statement.Resource);
      expect(sendsTo('triage')).toEqual([queueArnOf(QUEUES.replies)]);
      for (const name of ['slaSweeper', 'notifier'] as const) {
        expect(
          sendsTo(name).filter(
            (resource) => JSON.stringify(resource) === JSON.stringify(queueArnOf(QUEUES.replies)),
          ),
        ).toEqual([]);
      }
    });

    it('lets only the publishers of case events put events, on the product bus only', () => {
      const bus = idOfOnly('AWS::Events::EventBus', {});
      for (const name of ['triage', 'slaSweeper', 'casesApi', 'replySender'] as const) {
        const statement = statementsOf(name).find((each) => each.Action === 'events:PutEvents');
        expect(statement?.Resource).toEqual({ 'Fn::GetAtt': [bus, 'Arn'] });
      }
      expect(actionsOf('ingest', 'events')).toEqual([]);
      expect(actionsOf('notifier', 'events')).toEqual([]);
    });

    it('lets each function read only the secrets it uses', () => {
      const secretsById = secretNamesById();
      for (const name of Object.keys(FUNCTIONS) as FunctionName[]) {
        const readable = statementsOf(name)
          .filter((statement) =>
            [statement.Action].flat().includes('secretsmanager:GetSecretValue'),
          )
          .map((statement) => secretsById.get((statement.Resource as { Ref: string }).Ref))
          .sort();
        const expected = Object.entries(SECRET_READERS)
          .filter(([, readers]) => readers.includes(name))
          .map(([secret]) => secret)
          .sort();
        expect(readable).toEqual(expected);
      }
    });

    it('lets only the reply sender write a secret: the rotated Trustpilot tokens', () => {
      const secretsById = secretNamesById();
      for (const name of Object.keys(FUNCTIONS) as FunctionName[]) {
        const writable = statementsOf(name)
          .filter((statement) =>
            [statement.Action].flat().includes('secretsmanager:PutSecretValue'),
          )
          .map((statement) => secretsById.get((statement.Resource as { Ref: string }).Ref));
        expect(writable).toEqual(name === 'replySender' ? ['TRUSTPILOT_TOKENS'] : []);
      }
      expect(SECRET_WRITERS).toEqual({ TRUSTPILOT_TOKENS: ['replySender'] });
    });

    it('passes secret ARNs, never secret values, in the environment', () => {
      const variables = (
        functionOf('ingest').Properties.Environment as { Variables: Record<string, unknown> }
      ).Variables;
      const arns = JSON.stringify(variables.SECRET_ARNS);
      expect(arns).toContain('GENERIC_WEBHOOK_SECRETS');
      expect(arns).not.toContain('SLACK_WEBHOOK_URL');
      for (const value of Object.values(variables)) {
        expect(JSON.stringify(value)).not.toMatch(/whsec_|SecretString/);
      }
    });

    it('lets the notifier publish to the alert topic only', () => {
      const topic = idOfOnly('AWS::SNS::Topic', {
        DisplayName: 'Social responder escalations (email, SMS)',
      });
      const statement = statementsOf('notifier').find((each) => each.Action === 'sns:Publish');
      expect(statement?.Resource).toEqual({ Ref: topic });
      expect(actionsOf('triage', 'sns')).toEqual([]);
    });
  });

  describe('data', () => {
    it('encrypts the table with the customer managed key, with PITR and the mention TTL', () => {
      const key = idOfOnly('AWS::KMS::Key', { EnableKeyRotation: true });
      template.hasResource('AWS::DynamoDB::Table', {
        DeletionPolicy: 'Retain',
        Properties: Match.objectLike({
          BillingMode: 'PAY_PER_REQUEST',
          KeySchema: [
            { AttributeName: CASE_TABLE.partitionKey, KeyType: 'HASH' },
            { AttributeName: CASE_TABLE.sortKey, KeyType: 'RANGE' },
          ],
          SSESpecification: {
            SSEEnabled: true,
            SSEType: 'KMS',
            KMSMasterKeyId: { 'Fn::GetAtt': [key, 'Arn'] },
          },
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          TimeToLiveSpecification: { AttributeName: CASE_TABLE.ttlAttribute, Enabled: true },
          DeletionProtectionEnabled: true,
          GlobalSecondaryIndexes: CASE_TABLE.indexes.map((index) =>
            Match.objectLike({
              IndexName: index.name,
              KeySchema: [
                { AttributeName: index.partitionKey, KeyType: 'HASH' },
                { AttributeName: index.sortKey, KeyType: 'RANGE' },
              ],
            }),
          ),
        }),
      });
    });

    it('encrypts every queue with the key and refuses requests without TLS', () => {
      const key = idOfOnly('AWS::KMS::Key', { EnableKeyRotation: true });
      const queues = resourcesOf('AWS::SQS::Queue');
      expect(queues.length).toBeGreaterThanOrEqual(4);
      for (const [, queue] of queues) {
        expect(queue.Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [key, 'Arn'] });
      }
      const policies = resourcesOf('AWS::SQS::QueuePolicy');
      const tlsDenied = policies.flatMap(([, policy]) =>
        (
          policy.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }
        ).Statement.filter(
          (statement) =>
            statement.Effect === 'Deny' &&
            JSON.stringify(statement.Condition) === '{"Bool":{"aws:SecureTransport":"false"}}',
        ).flatMap(() => policy.Properties.Queues as unknown[]),
      );
      expect(tlsDenied).toHaveLength(queues.length);
    });
  });

  describe('mention flow', () => {
    it('sizes the mentions queue from the topology and redrives to its DLQ', () => {
      const dlq = idOfOnly('AWS::SQS::Queue', {
        QueueName: `social-responder-prod-${QUEUES.mentionsDlq}`,
      });
      template.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: `social-responder-prod-${QUEUES.mentions}`,
        VisibilityTimeout: MENTION_QUEUE.visibilityTimeoutSeconds,
        MessageRetentionPeriod: MENTION_QUEUE.retentionDays * 86_400,
        RedrivePolicy: {
          deadLetterTargetArn: { 'Fn::GetAtt': [dlq, 'Arn'] },
          maxReceiveCount: MENTION_QUEUE.maxReceiveCount,
        },
      });
      expect(MENTION_QUEUE.visibilityTimeoutSeconds).toBe(6 * FUNCTIONS.triage.timeoutSeconds);
    });

    it('feeds triage in batches with partial batch failures and bounded concurrency', () => {
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: functionIdOf('triage') },
        BatchSize: MENTION_QUEUE.batchSize,
        MaximumBatchingWindowInSeconds: MENTION_QUEUE.maxBatchingWindowSeconds,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: { MaximumConcurrency: 5 },
      });
    });
  });

  describe('case stream', () => {
    it('sums the table stream in tumbling windows, one batch per shard, failures to a DLQ', () => {
      const tableId = idOfOnly('AWS::DynamoDB::Table', {});
      const dlq = idOfOnly('AWS::SQS::Queue', {
        QueueName: `social-responder-prod-${QUEUES.caseStreamDlq}`,
      });
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: functionIdOf('caseStream') },
        EventSourceArn: { 'Fn::GetAtt': [tableId, 'StreamArn'] },
        StartingPosition: CASE_STREAM.startingPosition,
        BatchSize: CASE_STREAM.batchSize,
        MaximumBatchingWindowInSeconds: CASE_STREAM.maxBatchingWindowSeconds,
        ParallelizationFactor: 1,
        TumblingWindowInSeconds: CASE_STREAM.tumblingWindowSeconds,
        BisectBatchOnFunctionError: false,
        MaximumRetryAttempts: CASE_STREAM.maximumRetryAttempts,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [dlq, 'Arn'] } } },
      });
      expect([...new Set(actionsOf('caseStream', 'dynamodb'))].sort()).toEqual(
        [...STREAM_READS, 'dynamodb:UpdateItem'].sort(),
      );
    });
  });

  describe('reply flow', () => {
    it('sizes the replies queue from the topology and redrives to its DLQ', () => {
      const dlq = idOfOnly('AWS::SQS::Queue', {
        QueueName: `social-responder-prod-${QUEUES.repliesDlq}`,
      });
      template.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: `social-responder-prod-${QUEUES.replies}`,
        VisibilityTimeout: REPLY_QUEUE.visibilityTimeoutSeconds,
        RedrivePolicy: {
          deadLetterTargetArn: { 'Fn::GetAtt': [dlq, 'Arn'] },
          maxReceiveCount: REPLY_QUEUE.maxReceiveCount,
        },
      });
      expect(REPLY_QUEUE.visibilityTimeoutSeconds).toBe(6 * FUNCTIONS.replySender.timeoutSeconds);
    });

    it('feeds the reply sender from the replies queue with partial batch failures', () => {
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: functionIdOf('replySender') },
        EventSourceArn: {
          'Fn::GetAtt': [
            idOfOnly('AWS::SQS::Queue', { QueueName: `social-responder-prod-${QUEUES.replies}` }),
            'Arn',
          ],
        },
        BatchSize: REPLY_QUEUE.batchSize,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
      expect([...new Set(actionsOf('replySender', 'sqs'))]).toEqual([
        'sqs:ChangeMessageVisibility',
        'sqs:DeleteMessage',
        'sqs:GetQueueAttributes',
        'sqs:GetQueueUrl',
        'sqs:ReceiveMessage',
        'sqs:SendMessage',
      ]);
    });

    it('lets only the reply sender read the brand tokens, with the app secrets it signs with', () => {
      expect(
        Object.entries(SECRET_READERS)
          .filter(([, readers]) => readers.includes('replySender'))
          .map(([name]) => name)
          .sort(),
      ).toEqual([
        'GENERIC_WEBHOOK_SECRETS',
        'META_APP_SECRET',
        'REPLY_CREDENTIALS',
        'TRUSTPILOT_TOKENS',
        'X_CONSUMER_SECRET',
      ]);
      expect(SECRET_READERS.REPLY_CREDENTIALS).toEqual(['replySender']);
      expect(SECRET_READERS.TRUSTPILOT_TOKENS).toEqual(['replySender']);
      template.hasResourceProperties('AWS::SecretsManager::Secret', {
        Name: 'social-responder-prod/REPLY_CREDENTIALS',
      });
    });

    it('names the replies queue to the cases API and the reply sender', () => {
      for (const name of ['casesApi', 'replySender'] as const) {
        const variables = (
          functionOf(name).Properties.Environment as { Variables: Record<string, unknown> }
        ).Variables;
        expect(variables.REPLY_QUEUE_URL).toEqual({
          Ref: idOfOnly('AWS::SQS::Queue', {
            QueueName: `social-responder-prod-${QUEUES.replies}`,
          }),
        });
      }
    });
  });

  describe('HTTP API', () => {
    const routeKeysOf = (authorizationType: string) =>
      resourcesOf('AWS::ApiGatewayV2::Route')
        .filter(([, route]) => route.Properties.AuthorizationType === authorizationType)
        .map(([, route]) => route.Properties.RouteKey)
        .sort();

    it('serves every topology route: webhooks open, operator routes behind the JWT authorizer', () => {
      expect(routeKeysOf('NONE')).toEqual(
        ROUTES.filter((route) => route.auth === 'none')
          .map((route) => `${route.method} ${route.path}`)
          .sort(),
      );
      expect(routeKeysOf('JWT')).toEqual(
        ROUTES.filter((route) => route.auth === 'user')
          .map((route) => `${route.method} ${route.path}`)
          .sort(),
      );
    });

    it('serves the operator routes to machine callers behind IAM', () => {
      expect(routeKeysOf('AWS_IAM')).toEqual(
        ROUTES.filter((route) => route.auth === 'user')
          .map((route) => `${route.method} ${route.path}`)
          .sort(),
      );
    });

    it('validates operator tokens from the user pool it creates, for the CLI and the console', () => {
      const pool = idOfOnly('AWS::Cognito::UserPool', {});
      const cliClient = idOfOnly('AWS::Cognito::UserPoolClient', {
        ExplicitAuthFlows: Match.arrayWith(['ALLOW_USER_SRP_AUTH']),
      });
      const consoleClient = idOfOnly('AWS::Cognito::UserPoolClient', {
        AllowedOAuthFlows: ['code'],
      });
      template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
        AuthorizerType: 'JWT',
        JwtConfiguration: {
          Audience: [{ Ref: cliClient }, { Ref: consoleClient }],
          Issuer: Match.objectLike({
            'Fn::Join': ['', Match.arrayWith([Match.objectLike({ Ref: pool })])],
          }),
        },
      });
      template.hasResourceProperties('AWS::Cognito::UserPool', {
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      });
    });

    it('throttles both APIs and writes access logs', () => {
      const stages = resourcesOf('AWS::ApiGatewayV2::Stage');
      expect(stages).toHaveLength(2);
      for (const [, stage] of stages) {
        expect(stage.Properties).toMatchObject({
          StageName: '$default',
          AutoDeploy: true,
          DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
          AccessLogSettings: { DestinationArn: expect.anything() },
        });
      }
    });

    it('outputs the webhook URL of every source and the API URL', () => {
      const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
      for (const source of PLATFORMS.keys()) {
        const output = Object.entries(outputs).find(([name]) =>
          name.toLowerCase().startsWith(`webhookurl${source}`),
        );
        expect(JSON.stringify(output?.[1].Value)).toContain(`/webhooks/${source}`);
      }
      expect(outputs.ApiUrl).toBeDefined();
    });
  });

  describe('operator console', () => {
    const distributionId = () => idOfOnly('AWS::CloudFront::Distribution', {});
    const distributionConfig = () =>
      template.toJSON().Resources[distributionId()].Properties.DistributionConfig as {
        DefaultCacheBehavior: Record<string, unknown>;
        CacheBehaviors: Record<string, unknown>[];
        Origins: { Id: string; DomainName: unknown; OriginAccessControlId?: unknown }[];
      };
    const domainOfDistribution = { 'Fn::GetAtt': [Match.anyValue(), 'DomainName'] };

    it('serves the build from a private bucket that only the distribution reads (OAC)', () => {
      const oac = idOfOnly('AWS::CloudFront::OriginAccessControl', {
        OriginAccessControlConfig: Match.objectLike({
          OriginAccessControlOriginType: 's3',
          SigningBehavior: 'always',
        }),
      });
      const s3Origin = distributionConfig().Origins.find((origin) => origin.OriginAccessControlId);
      expect(s3Origin?.OriginAccessControlId).toEqual({ 'Fn::GetAtt': [oac, 'Id'] });
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Action: 's3:GetObject',
              Principal: { Service: 'cloudfront.amazonaws.com' },
              Condition: {
                StringEquals: {
                  'AWS:SourceArn': Match.objectLike({ 'Fn::Join': Match.anyValue() }),
                },
              },
            }),
          ]),
        },
      });
      for (const [, bucket] of resourcesOf('AWS::S3::Bucket')) {
        expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        });
      }
    });

    it('sends /api/* to the HTTP API with the prefix removed, Authorization forwarded, nothing cached', () => {
      const [api] = distributionConfig().CacheBehaviors;
      expect(api).toMatchObject({
        PathPattern: '/api/*',
        ViewerProtocolPolicy: 'https-only',
        AllowedMethods: expect.arrayContaining(['POST', 'GET', 'OPTIONS']),
        FunctionAssociations: [{ EventType: 'viewer-request', FunctionARN: expect.anything() }],
      });
      template.hasResourceProperties('AWS::CloudFront::CachePolicy', {
        CachePolicyConfig: Match.objectLike({
          DefaultTTL: 0,
          ParametersInCacheKeyAndForwardedToOrigin: Match.objectLike({
            HeadersConfig: { HeaderBehavior: 'whitelist', Headers: ['Authorization'] },
          }),
        }),
      });
      const apiOrigin = distributionConfig().Origins.find(
        (origin) => !origin.OriginAccessControlId,
      );
      expect(JSON.stringify(apiOrigin?.DomainName)).toContain('execute-api');
    });

    it('answers with a strict Content-Security-Policy and the security headers', () => {
      const policyId = idOfOnly('AWS::CloudFront::ResponseHeadersPolicy', {});
      const policy = template.toJSON().Resources[policyId].Properties.ResponseHeadersPolicyConfig;
      const csp = JSON.stringify(policy.SecurityHeadersConfig.ContentSecurityPolicy);
      for (const directive of [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "frame-ancestors 'none'",
      ]) {
        expect(csp).toContain(directive);
      }
      expect(csp).toContain('amazoncognito.com');
      expect(policy.SecurityHeadersConfig).toMatchObject({
        ContentTypeOptions: { Override: true },
        FrameOptions: { FrameOption: 'DENY' },
        ReferrerPolicy: { ReferrerPolicy: 'no-referrer' },
        StrictTransportSecurity: { AccessControlMaxAgeSec: 31_536_000 },
      });
      const config = distributionConfig();
      for (const behavior of [config.DefaultCacheBehavior, ...config.CacheBehaviors]) {
        expect(behavior.ResponseHeadersPolicyId).toEqual({ Ref: policyId });
      }
    });

    it('signs operators in with the hosted sign-in: code flow, no secret, back to the console', () => {
      template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
        Domain: Match.anyValue(),
      });
      template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
        AllowedOAuthFlows: ['code'],
        GenerateSecret: false,
        CallbackURLs: [{ 'Fn::Join': ['', ['https://', domainOfDistribution, '/auth/callback']] }],
      });
    });

    it('outputs the console URL', () => {
      const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
      expect(outputs.ConsoleUrl?.Value).toEqual({
        'Fn::Join': [
          '',
          ['https://', expect.objectContaining({ 'Fn::GetAtt': expect.anything() })],
        ],
      });
    });

    it('links alerts to the deployed console: the notifier alone is told its URL', () => {
      const consoleUrl = {
        'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId(), 'DomainName'] }]],
      };
      const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
      expect(outputs.ConsoleUrl?.Value).toEqual(consoleUrl);
      for (const name of Object.keys(FUNCTIONS) as FunctionName[]) {
        const variables = (
          functionOf(name).Properties.Environment as { Variables: Record<string, unknown> }
        ).Variables;
        if (name === 'notifier') expect(variables.CONSOLE_URL).toEqual(consoleUrl);
        else expect(variables.CONSOLE_URL).toBeUndefined();
      }
    });

    it('uploads the build with its sign-in settings and refreshes the entry points', () => {
      const [, deployment] = resourcesOf('Custom::CDKBucketDeployment')[0] ?? [];
      expect(deployment?.Properties).toMatchObject({
        DistributionPaths: ['/index.html', '/console-config.json'],
      });
    });
  });

  describe('escalation', () => {
    it.each(EVENT_RULES.map((rule) => [rule.name, rule] as const))(
      'routes %s with the topology pattern to the notifier, with a DLQ',
      (_name, rule) => {
        template.hasResourceProperties('AWS::Events::Rule', {
          EventPattern: rule.pattern,
          Targets: [
            Match.objectLike({
              Arn: { 'Fn::GetAtt': [functionIdOf(rule.target.function), 'Arn'] },
              InputTransformer: {
                InputTemplate: `{"channel":"${rule.target.channel}","event":<aws.events.event.json>}`,
              },
              DeadLetterConfig: { Arn: Match.anyValue() },
            }),
          ],
        });
      },
    );

    it('retries the notifier twice, then keeps the invocation in the notify DLQ', () => {
      const notifyDlq = idOfOnly('AWS::SQS::Queue', {
        QueueName: `social-responder-prod-${QUEUES.notifyDlq}`,
      });
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: functionIdOf('notifier') },
        MaximumRetryAttempts: 2,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [notifyDlq, 'Arn'] } } },
      });
      expect(actionsOf('notifier', 'sqs')).toContain('sqs:SendMessage');
    });

    it.each(SCHEDULES.map((schedule) => [schedule.name, schedule] as const))(
      'runs the %s schedule at its topology rate',
      (_name, schedule) => {
        template.hasResourceProperties('AWS::Events::Rule', {
          ScheduleExpression: `rate(${schedule.everySeconds / 60} minute${schedule.everySeconds === 60 ? '' : 's'})`,
          Targets: [
            Match.objectLike({
              Arn: { 'Fn::GetAtt': [functionIdOf(schedule.function), 'Arn'] },
            }),
          ],
        });
      },
    );
  });

  describe('operator sign-in', () => {
    it('offers no OAuth flow and no callback URL on the operators’ app client', () => {
      const [client] = resourcesOf('AWS::Cognito::UserPoolClient');
      expect(client?.[1].Properties).toMatchObject({
        ExplicitAuthFlows: expect.arrayContaining(['ALLOW_USER_PASSWORD_AUTH']),
      });
      expect(client?.[1].Properties.AllowedOAuthFlows).toBeUndefined();
      expect(client?.[1].Properties.CallbackURLs).toBeUndefined();
    });
  });

  describe('observability', () => {
    type PolicyStatementJson = {
      Effect: string;
      Principal?: unknown;
      Action: string | string[];
      Condition?: Record<string, Record<string, unknown>>;
    };
    const cloudWatchStatement = (statements: PolicyStatementJson[], action: string) =>
      statements.find(
        (statement) =>
          statement.Effect === 'Allow' &&
          [(statement.Principal as { Service?: unknown } | undefined)?.Service]
            .flat()
            .includes('cloudwatch.amazonaws.com') &&
          [statement.Action].flat().includes(action),
      );
    const sourceArnsOf = (statement: PolicyStatementJson | undefined): unknown[] =>
      Object.values(statement?.Condition ?? {}).flatMap((condition) =>
        [condition['aws:SourceArn']].flat().filter((value) => value !== undefined),
      );

    /** Topic logical id → the alarms that notify it. */
    const alarmsByTopic = (): Map<string, Set<string>> => {
      const byTopic = new Map<string, Set<string>>();
      for (const [id, alarm] of resourcesOf('AWS::CloudWatch::Alarm')) {
        const actions = [
          ...((alarm.Properties.AlarmActions as unknown[]) ?? []),
          ...((alarm.Properties.OKActions as unknown[]) ?? []),
        ];
        for (const action of actions) {
          const topic = (action as { Ref?: string }).Ref;
          if (!topic) throw new Error(`alarm ${id} notifies ${JSON.stringify(action)}`);
          byTopic.set(topic, (byTopic.get(topic) ?? new Set()).add(id));
        }
      }
      return byTopic;
    };

    it('lets CloudWatch publish to every topic its alarms notify, from those alarms only', () => {
      const byTopic = alarmsByTopic();
      expect(byTopic.size).toBeGreaterThan(0);
      for (const [topic, alarms] of byTopic) {
        const statements = resourcesOf('AWS::SNS::TopicPolicy')
          .filter(([, policy]) =>
            (policy.Properties.Topics as { Ref?: string }[]).some((ref) => ref.Ref === topic),
          )
          .flatMap(
            ([, policy]) =>
              (policy.Properties.PolicyDocument as { Statement: PolicyStatementJson[] }).Statement,
          );
        const publish = cloudWatchStatement(statements, 'sns:Publish');
        expect(publish).toBeDefined();
        expect(sourceArnsOf(publish).flat()).toEqual(
          expect.arrayContaining([...alarms].map((id) => ({ 'Fn::GetAtt': [id, 'Arn'] }))),
        );
      }
    });

    it('lets CloudWatch use the key of every encrypted topic its alarms notify', () => {
      for (const topic of alarmsByTopic().keys()) {
        const keyRef = (template.toJSON().Resources[topic] as Resource).Properties.KmsMasterKeyId as
          | { 'Fn::GetAtt'?: [string, string] }
          | undefined;
        if (!keyRef) continue;
        const keyId = keyRef['Fn::GetAtt']?.[0] ?? '';
        const key = template.toJSON().Resources[keyId] as Resource;
        const statements = (key.Properties.KeyPolicy as { Statement: PolicyStatementJson[] })
          .Statement;
        const encrypt = cloudWatchStatement(statements, 'kms:GenerateDataKey');
        expect(encrypt).toBeDefined();
        expect([encrypt?.Action].flat()).toContain('kms:Decrypt');
      }
    });

    const alarmTopic = () =>
      idOfOnly('AWS::SNS::Topic', { DisplayName: 'Social responder operations alarms' });

    const alarmOn = (metric: Record<string, unknown>) =>
      resourcesOf('AWS::CloudWatch::Alarm').filter(([, alarm]) =>
        Object.entries(metric).every(
          ([key, value]) => JSON.stringify(alarm.Properties[key]) === JSON.stringify(value),
        ),
      );

    it('sends every alarm and its recovery to the operations topic', () => {
      const alarms = resourcesOf('AWS::CloudWatch::Alarm');
      for (const [, alarm] of alarms) {
        expect(alarm.Properties.AlarmActions).toEqual([{ Ref: alarmTopic() }]);
        expect(alarm.Properties.OKActions).toEqual([{ Ref: alarmTopic() }]);
      }
      template.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        Endpoint: 'oncall@example.com',
        TopicArn: { Ref: alarmTopic() },
      });
    });

    it('alarms on a message in any dead-letter queue', () => {
      const dlqs = resourcesOf('AWS::SQS::Queue').filter(([, queue]) =>
        String(queue.Properties.QueueName).endsWith('dlq'),
      );
      expect(dlqs).toHaveLength(5);
      for (const [id] of dlqs) {
        const alarms = alarmOn({
          MetricName: 'ApproximateNumberOfMessagesVisible',
          Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [id, 'QueueName'] } }],
        });
        expect(alarms).toHaveLength(1);
        expect(alarms[0]?.[1].Properties).toMatchObject({
          Threshold: 1,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        });
      }
    });

    it('alarms on errors of every function', () => {
      for (const name of Object.keys(FUNCTIONS) as FunctionName[]) {
        expect(
          alarmOn({
            MetricName: 'Errors',
            Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionIdOf(name) } }],
          }),
        ).toHaveLength(1);
      }
    });

    it('alarms when the API answers 5xx', () => {
      expect(alarmOn({ MetricName: '5xx', Namespace: 'AWS/ApiGateway' })).toHaveLength(1);
    });

    it('alarms when a scheduled function stops running, counting silence as breaching', () => {
      for (const schedule of SCHEDULES) {
        const alarms = alarmOn({
          MetricName: 'Invocations',
          Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionIdOf(schedule.function) } }],
        });
        expect(alarms).toHaveLength(1);
        expect(alarms[0]?.[1].Properties).toMatchObject({
          ComparisonOperator: 'LessThanThreshold',
          Threshold: 1,
          TreatMissingData: 'breaching',
        });
      }
    });

    it('draws the business figures on the dashboard', () => {
      const [[, dashboard] = []] = resourcesOf('AWS::CloudWatch::Dashboard');
      const body = JSON.stringify(dashboard?.Properties.DashboardBody);
      for (const metric of [
        'MentionsReceived',
        'CasesOpened',
        'SlaBreaches',
        'FirstResponseSeconds',
      ]) {
        expect(body).toContain(metric);
      }
    });
  });
});
