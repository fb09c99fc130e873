/**
 * Templates, events and outputs from the AWS EventBridge user guide, "Amazon EventBridge input
 * transformation" (the EC2 example event, its Input Path, the "Input transform examples" table,
 * "Predefined variables" and "Common issues with transforming input"), and the InputTransformer
 * examples of the EventBridge API reference.
 */
import {
  renderTargetInput,
  TargetInputError,
  valueAtPath,
} from '../../../infra/local/target-input';
import { EVENT_RULES, type TargetInput } from '../../../infra/topology';
import { NotifierInvocation } from '../../../shared/contracts/events';

const ec2Event = {
  version: '0',
  id: '7bf73129-1428-4cd3-a780-95db273d1602',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '123456789012',
  time: '2015-11-11T21:29:54Z',
  region: 'us-east-1',
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111'],
  detail: { 'instance-id': 'i-0123456789', state: 'RUNNING' },
};

/** The guide's Input Path for the example event. */
const inputPathsMap = {
  timestamp: '$.time',
  instance: '$.detail.instance-id',
  state: '$.detail.state',
};

const context = {
  ruleArn: 'arn:aws:events:us-east-2:123456789012:rule/example',
  ruleName: 'example',
  ingestionTime: new Date('2015-11-11T21:29:55.000Z'),
};

const transform = (inputTemplate: string, event: Record<string, unknown> = ec2Event): string =>
  renderTargetInput({ kind: 'transformer', inputPathsMap, inputTemplate }, event, context);

describe('renderTargetInput', () => {
  describe('the user guide’s input transform examples', () => {
    it('fills a simple string', () => {
      expect(transform('"instance <instance> is in <state>"')).toBe(
        '"instance i-0123456789 is in RUNNING"',
      );
    });

    it('keeps escaped quotes of a string (the console’s behaviour)', () => {
      expect(transform('"instance \\"<instance>\\" is in <state>"')).toBe(
        '"instance \\"i-0123456789\\" is in RUNNING"',
      );
    });

    it('quotes string variables used as JSON values', () => {
      const output = transform('{\n  "instance" : <instance>,\n  "state": <state>\n}');
      expect(JSON.parse(output)).toEqual({ instance: 'i-0123456789', state: 'RUNNING' });
    });

    it('mixes strings and variables', () => {
      const output = transform(
        '{\n "instance" : <instance>,\n "state": "<state>",\n "instanceStatus": "instance \\"<instance>\\" is in <state>"\n}',
      );
      expect(JSON.parse(output)).toEqual({
        instance: 'i-0123456789',
        state: 'RUNNING',
        instanceStatus: 'instance "i-0123456789" is in RUNNING',
      });
    });

    it('mixes variables and static information', () => {
      const output = transform(
        '{\n  "instance" : <instance>,\n  "state": [ 9, <state>, true ],\n  "Transformed" : "Yes"\n}',
      );
      expect(JSON.parse(output)).toEqual({
        instance: 'i-0123456789',
        state: [9, 'RUNNING', true],
        Transformed: 'Yes',
      });
    });

    it('includes the reserved variables in JSON', () => {
      const output = transform(
        '{\n  "instance" : <instance>,\n  "state": <state>,\n  "ruleArn" : <aws.events.rule-arn>,\n  "ruleName" : <aws.events.rule-name>,\n  "originalEvent" : <aws.events.event.json>\n}',
      );
      expect(JSON.parse(output)).toEqual({
        instance: 'i-0123456789',
        state: 'RUNNING',
        ruleArn: 'arn:aws:events:us-east-2:123456789012:rule/example',
        ruleName: 'example',
        originalEvent: ec2Event,
      });
    });

    it('includes a reserved variable in a string', () => {
      expect(transform('"<aws.events.rule-name> triggered"')).toBe('"example triggered"');
    });

    it('passes JSON on minified', () => {
      expect(transform('{\n  "instance" : <instance>,\n  "state": <state>\n}')).toBe(
        '{"instance":"i-0123456789","state":"RUNNING"}',
      );
    });
  });

  describe('predefined variables', () => {
    it('gives aws.events.event as the original event without its detail field', () => {
      const output = JSON.parse(transform('{"event":<aws.events.event>}'));
      const { detail: _detail, ...withoutDetail } = ec2Event;
      expect(output.event).toEqual(withoutDetail);
      expect(output.event).not.toHaveProperty('detail');
    });

    it('gives aws.events.event.json as the whole original event, detail included', () => {
      expect(JSON.parse(transform('{"event":<aws.events.event.json>}')).event).toEqual(ec2Event);
    });

    it('gives the ingestion time as an ISO 8601 timestamp', () => {
      expect(JSON.parse(transform('{"at":<aws.events.event.ingestion-time>}')).at).toBe(
        '2015-11-11T21:29:55.000Z',
      );
    });

    it('refuses an InputPathsMap key that uses the reserved prefix', () => {
      expect(() =>
        renderTargetInput(
          { kind: 'transformer', inputPathsMap: { 'aws.events.x': '$.id' }, inputTemplate: '<x>' },
          ec2Event,
          context,
        ),
      ).toThrow(TargetInputError);
    });
  });

  describe('the user guide’s common issues', () => {
    it('removes the inner quotes of an object referenced inside a string', () => {
      const output = renderTargetInput(
        {
          kind: 'transformer',
          inputPathsMap: { detail: '$.detail' },
          inputTemplate: '"Detail is <detail>"',
        },
        { ...ec2Event, detail: { key1: 'value1' } },
        context,
      );
      expect(output).toBe('"Detail is {key1:value1}"');
    });

    it('outputs an object as a JSON value when the variable is placed as a value', () => {
      const output = renderTargetInput(
        {
          kind: 'transformer',
          inputPathsMap: { detail: '$.detail' },
          inputTemplate: '{"detail": <detail>}',
        },
        ec2Event,
        context,
      );
      expect(JSON.parse(output)).toEqual({ detail: ec2Event.detail });
    });

    it('does not escape values written inside a string', () => {
      const output = transform('{"message":"<instance>"}', {
        ...ec2Event,
        detail: { 'instance-id': 'say "hi"', state: 'RUNNING' },
      });
      expect(output).toBe('{"message":"say "hi""}');
      expect(() => JSON.parse(output)).toThrow();
    });

    it('creates no variable for a path that is not in the event', () => {
      const output = renderTargetInput(
        {
          kind: 'transformer',
          inputPathsMap: { missing: '$.detail.absent' },
          inputTemplate: '"value: <missing>."',
        },
        ec2Event,
        context,
      );
      expect(output).toBe('"value: ."');
    });
  });

  describe('the API reference’s InputTransformer examples', () => {
    const apiExample = (inputTemplate: string) =>
      renderTargetInput(
        {
          kind: 'transformer',
          inputPathsMap: { instance: '$.detail.instance', status: '$.detail.status' },
          inputTemplate,
        },
        { ...ec2Event, detail: { instance: 'i-0123456789', status: 'running' } },
        context,
      );

    it('fills a template that is plain text', () => {
      expect(apiExample('<instance> is in state <status>')).toBe(
        'i-0123456789 is in state running',
      );
    });

    it('fills JSON with variables in quotes and out', () => {
      expect(
        JSON.parse(
          apiExample(
            '{"myInstance": <instance>,"myStatus": "<instance> is in state \\"<status>\\""}',
          ),
        ),
      ).toEqual({ myInstance: 'i-0123456789', myStatus: 'i-0123456789 is in state "running"' });
    });
  });

  describe('whole event and InputPath', () => {
    it('passes the whole event when the target names no input', () => {
      expect(JSON.parse(renderTargetInput({ kind: 'event' }, ec2Event, context))).toEqual(ec2Event);
    });

    it('passes the part an InputPath selects', () => {
      const input: TargetInput = { kind: 'path', inputPath: '$.detail' };
      expect(JSON.parse(renderTargetInput(input, ec2Event, context))).toEqual(ec2Event.detail);
    });

    it('reads array indices and wildcards', () => {
      expect(valueAtPath(ec2Event, '$.resources[0]')).toBe(ec2Event.resources[0]);
      expect(valueAtPath(ec2Event, '$.detail.*')).toEqual(['i-0123456789', 'RUNNING']);
    });
  });

  describe('the topology’s rules', () => {
    it.each(EVENT_RULES.map((rule) => [rule.name, rule] as const))(
      'hands the notifier of %s its channel and the whole event',
      (_name, rule) => {
        const payload = JSON.parse(renderTargetInput(rule.target.input, ec2Event, context));
        expect(NotifierInvocation.parse(payload)).toEqual({
          channel: rule.target.channel,
          event: ec2Event,
        });
      },
    );
  });
});
