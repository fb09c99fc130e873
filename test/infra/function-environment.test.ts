/**
 * Lambda allows 4 KB of environment per function, counted over every variable's name and value.
 * With 200 brands (each with an account on every network) the stack must still synthesize and
 * every function's environment, as Lambda counts it, stay under the limit: the configuration
 * travels with the code, not in the environment.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPOSITORY_ROOT } from '../../infra/aws/constructs/responder-function';
import { synthStack } from '../support/synth-stack';

/** Lambda's limit on the environment of one function. */
const LAMBDA_ENVIRONMENT_BYTES = 4 * 1024;
const STACK = 'Responder';
const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;

/** A CloudFormation-made name: `<stack>-<logical id>-<13 random characters>`. */
const generatedName = (id: string) => `${STACK}-${id}-ABCDEFGHIJKLM`;

/**
 * The value CloudFormation gives an intrinsic function, at the length it will really have (names
 * CloudFormation generates, ARNs and URLs in full), so the size is what Lambda will count.
 */
const resolve = (value: unknown, resources: Resources): string => {
  if (typeof value === 'string') return value;
  const intrinsic = value as Record<string, unknown>;
  if ('Fn::Join' in intrinsic) {
    const [separator, parts] = intrinsic['Fn::Join'] as [string, unknown[]];
    return parts.map((part) => resolve(part, resources)).join(separator);
  }
  if ('Ref' in intrinsic) {
    const id = intrinsic.Ref as string;
    if (id === 'AWS::Region') return REGION;
    if (id === 'AWS::AccountId') return ACCOUNT;
    if (id === 'AWS::Partition') return 'aws';
    if (id === 'AWS::URLSuffix') return 'amazonaws.com';
    const resource = resources[id];
    const named = (key: string) => (resource?.Properties?.[key] as string) ?? generatedName(id);
    switch (resource?.Type) {
      case 'AWS::SQS::Queue':
        return `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${named('QueueName')}`;
      case 'AWS::DynamoDB::Table':
      case 'AWS::DynamoDB::GlobalTable':
        return named('TableName');
      case 'AWS::Events::EventBus':
        return named('Name');
      case 'AWS::SNS::Topic':
        return `arn:aws:sns:${REGION}:${ACCOUNT}:${named('TopicName')}`;
      case 'AWS::SecretsManager::Secret':
        return `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${named('Name')}-AbCdEf`;
      default:
        throw new Error(`no length known for a Ref to ${id} (${resource?.Type})`);
    }
  }
  if ('Fn::GetAtt' in intrinsic) {
    const [id, attribute] = intrinsic['Fn::GetAtt'] as [string, string];
    if (resources[id]?.Type === 'AWS::CloudFront::Distribution' && attribute === 'DomainName') {
      return 'd111111abcdef8.cloudfront.net';
    }
  }
  throw new Error(`no length known for ${JSON.stringify(value)}`);
};

const brandsConfig = (count: number): string => {
  const example = JSON.parse(readFileSync(join(REPOSITORY_ROOT, 'config', 'example.json'), 'utf8'));
  const brands = Array.from({ length: count }, (_, index) => ({
    id: `brand-${index}`,
    name: `Brand number ${index} Outdoor & Travel`,
    accounts: {
      x: [`14713902930292${String(index).padStart(5, '0')}`],
      facebook: [`1048576001${String(index).padStart(5, '0')}`],
      instagram: [`178414000000${String(index).padStart(5, '0')}`],
      trustpilot: [`4bd2ac5b0000640005${String(index).padStart(6, '0')}`],
    },
  }));
  const file = join(mkdtempSync(join(tmpdir(), 'brands-')), 'brands.json');
  writeFileSync(file, JSON.stringify({ ...example, brands }));
  return file;
};

describe('function environments with 200 brands', () => {
  let sizes: Record<string, number>;

  beforeAll(() => {
    const { template } = synthStack({ configPath: brandsConfig(200), skipBundling: true });
    const resources = template.toJSON().Resources as Resources;
    sizes = Object.fromEntries(
      Object.entries(resources)
        .filter(([, resource]) => resource.Type === 'AWS::Lambda::Function')
        .map(([id, resource]) => {
          const { Variables = {} } = (resource.Properties?.Environment ?? {}) as {
            Variables?: Record<string, unknown>;
          };
          const resolved = Object.fromEntries(
            Object.entries(Variables).map(([name, value]) => [name, resolve(value, resources)]),
          );
          // Lambda counts the variables as the JSON object it stores.
          return [id, Buffer.byteLength(JSON.stringify(resolved))];
        }),
    );
  }, 180_000);

  it('synthesizes a function per topology function and more', () => {
    expect(Object.keys(sizes).length).toBeGreaterThanOrEqual(5);
  });

  it('keeps every function environment under 4 KB as Lambda counts it', () => {
    const over = Object.entries(sizes).filter(([, bytes]) => bytes >= LAMBDA_ENVIRONMENT_BYTES);
    expect(over).toEqual([]);
  });
});
