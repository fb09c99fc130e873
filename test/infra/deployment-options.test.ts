import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { loadDeploymentConfiguration } from '../../infra/aws/load-config';
import { type SynthesizedStack, synthStack } from '../support/synth-stack';

const SLACK_ARN =
  'arn:aws:secretsmanager:eu-west-1:123456789012:secret:shared/slack-webhook-AbCdEf';
const ISSUER = 'https://login.example.com/oauth2/default';

const writeConfig = (document: unknown): string => {
  const path = join(mkdtempSync(join(tmpdir(), 'responder-config-')), 'config.json');
  writeFileSync(path, JSON.stringify(document));
  return path;
};

let synthesized: SynthesizedStack;

beforeAll(() => {
  synthesized = synthStack({
    configPath: writeConfig({
      stage: 'staging',
      channels: { sns: { topicArn: 'arn:aws:sns:eu-west-1:123456789012:support-escalations' } },
      deployment: {
        auth: { kind: 'jwt', issuer: ISSUER, audience: ['api://responder'] },
        secrets: { SLACK_WEBHOOK_URL: SLACK_ARN },
        concurrency: { triageMax: 10, notifierReserved: 3 },
      },
    }),
    retainData: false,
    skipBundling: true,
  });
}, 60_000);

describe('ResponderStack with deployment options', () => {
  it('reports no unacknowledged cdk-nag finding', () => {
    expect(synthesized.nagFindings).toEqual([]);
  });

  it('validates operator tokens from the configured issuer and creates no user pool', () => {
    const { template } = synthesized;
    template.resourceCountIs('AWS::Cognito::UserPool', 0);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      JwtConfiguration: { Issuer: ISSUER, Audience: ['api://responder'] },
    });
  });

  it('uses an imported secret by ARN instead of creating it', () => {
    const { template } = synthesized;
    const created = Object.values(template.findResources('AWS::SecretsManager::Secret')).map(
      (secret) => secret.Properties.Name,
    );
    expect(created).not.toContain('social-responder-staging/SLACK_WEBHOOK_URL');
    expect(created).toContain('social-responder-staging/PAGERDUTY_ROUTING_KEY');
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
            Resource: SLACK_ARN,
          }),
        ]),
      },
    });
  });

  it('publishes SNS escalations to the configured topic rather than creating one', () => {
    const { template } = synthesized;
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'sns:Publish',
            Resource: 'arn:aws:sns:eu-west-1:123456789012:support-escalations',
          }),
        ]),
      },
    });
  });

  it('reserves the configured notifier concurrency and bounds triage concurrency', () => {
    const { template } = synthesized;
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'Delivers alerts to Slack, PagerDuty, SNS and webhooks',
      ReservedConcurrentExecutions: 3,
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      ScalingConfig: { MaximumConcurrency: 10 },
    });
  });

  it('deletes the table with the stack when data is not retained', () => {
    synthesized.template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({ DeletionProtectionEnabled: false }),
    });
  });
});

describe('loadDeploymentConfiguration', () => {
  it('names the file and every bad field', () => {
    const path = writeConfig({
      stage: 'Prod',
      deployment: { logRetentionDays: 10, secrets: { META_APP_SECRET: 'secret' } },
    });
    expect(() => loadDeploymentConfiguration(path)).toThrow(
      new RegExp(
        `${path} is invalid:\\n\\s+stage: .*\\n\\s+deployment.secrets.META_APP_SECRET: the complete ARN .*\\n\\s+deployment.logRetentionDays: one of 1, 3, 5`,
      ),
    );
  });

  it('says when the file is not JSON', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'responder-config-')), 'config.json');
    writeFileSync(path, '{ "stage": "prod", }');
    expect(() => loadDeploymentConfiguration(path)).toThrow(`${path} is not valid JSON`);
  });

  it('says when the file cannot be read', () => {
    expect(() => loadDeploymentConfiguration('/nonexistent/config.json')).toThrow(
      'cannot read the configuration file /nonexistent/config.json',
    );
  });
});
