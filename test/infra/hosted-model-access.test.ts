import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type SynthesizedStack, synthStack } from '../support/synth-stack';

const writeConfig = (document: unknown): string => {
  const path = join(mkdtempSync(join(tmpdir(), 'responder-config-')), 'config.json');
  writeFileSync(path, JSON.stringify(document));
  return path;
};

interface Statement {
  Action: string | string[];
  Resource: unknown;
}

/** Every statement that allows a `bedrock:` action, with the logical ids of the roles it is on. */
const bedrockGrants = ({ template }: SynthesizedStack) =>
  Object.values(template.findResources('AWS::IAM::Policy')).flatMap((policy) => {
    const roles = (policy.Properties.Roles as Array<{ Ref: string }>).map((role) => role.Ref);
    return (policy.Properties.PolicyDocument.Statement as Statement[])
      .filter((statement) =>
        [statement.Action].flat().some((action) => action.startsWith('bedrock:')),
      )
      .map((statement) => ({ roles, action: statement.Action, resource: statement.Resource }));
  });

const synthWith = (hostedModel: Record<string, unknown> | undefined) =>
  synthStack({
    configPath: writeConfig(hostedModel ? { triage: { hostedModel } } : {}),
    retainData: false,
    skipBundling: true,
  });

describe('ResponderStack and the hosted model', () => {
  it('grants no Bedrock action while the hosted model is off (the default)', () => {
    expect(bedrockGrants(synthWith(undefined))).toEqual([]);
  });

  it('lets only the triage function invoke the configured foundation model', () => {
    const synthesized = synthWith({ enabled: true, modelId: 'amazon.nova-micro-v1:0' });

    const grants = bedrockGrants(synthesized);
    expect(grants).toHaveLength(1);
    expect(grants[0]?.roles).toEqual([expect.stringMatching(/^Functionstriage\w*ServiceRole/)]);
    expect(grants[0]?.action).toBe('bedrock:InvokeModel');
    // The stack's own region: the configuration names none.
    expect(JSON.stringify(grants[0]?.resource)).toContain(
      ':bedrock:eu-west-1::foundation-model/amazon.nova-micro-v1:0"',
    );
    expect(synthesized.nagFindings).toEqual([]);
  });

  it('grants an inference profile and the model it routes to', () => {
    const synthesized = synthWith({
      enabled: true,
      modelId: 'eu.amazon.nova-micro-v1:0',
      region: 'eu-central-1',
    });

    const [grant] = bedrockGrants(synthesized);
    const resources = JSON.stringify(grant?.resource);
    expect(resources).toContain(
      ':bedrock:eu-central-1:123456789012:inference-profile/eu.amazon.nova-micro-v1:0"',
    );
    expect(resources).toContain(':bedrock:*::foundation-model/amazon.nova-micro-v1:0"');
    expect(synthesized.nagFindings).toEqual([]);
  });
});
