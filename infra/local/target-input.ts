/**
 * What EventBridge hands a rule's target, computed as the EventBridge user guide documents it
 * ("Amazon EventBridge input transformation"): the whole event, the part an `InputPath` selects,
 * or an input transformer's `InputTemplate` filled from its `InputPathsMap` and the predefined
 * variables. The local bus and the infra tests both render targets' input with it.
 */
import type { TargetInput } from '../topology';

export class TargetInputError extends Error {
  override name = 'TargetInputError';
}

/** The rule and the moment of receipt, which the predefined variables expose. */
export interface TargetInputContext {
  readonly ruleArn: string;
  readonly ruleName: string;
  /** When the bus received the event (`aws.events.event.ingestion-time`). */
  readonly ingestionTime: Date;
}

/** A path with no match in the event: the variable is not created. */
const MISSING = Symbol('missing');
type Value = unknown | typeof MISSING;

// Dot notation, dashes, underscores, alphanumerics, slashes, array indices and `*`, as documented.
const SEGMENT = /^(?:\.([^.[\]]+)|\[(\d+|\*)\])/;

const segmentsOf = (path: string): string[] => {
  if (!path.startsWith('$')) throw new TargetInputError(`JSON path ${path} must start with $`);
  const segments: string[] = [];
  let rest = path.slice(1);
  while (rest.length > 0) {
    const match = SEGMENT.exec(rest);
    if (!match) throw new TargetInputError(`JSON path ${path} is not supported at "${rest}"`);
    segments.push(match[1] ?? match[2] ?? '');
    rest = rest.slice(match[0].length);
  }
  return segments;
};

const step = (value: unknown, segment: string): unknown[] => {
  if (typeof value !== 'object' || value === null) return [];
  const children = Array.isArray(value) ? value : Object.values(value);
  if (segment === '*') return children;
  const child = (value as Record<string, unknown>)[segment];
  return child === undefined ? [] : [child];
};

/** The value at a JSON path; a path with a wildcard yields the array of what it matched. */
export const valueAtPath = (event: unknown, path: string): Value => {
  const segments = segmentsOf(path);
  let found: unknown[] = [event];
  for (const segment of segments) found = found.flatMap((value) => step(value, segment));
  if (segments.includes('*')) return found;
  return found.length === 0 ? MISSING : found[0];
};

/** A JSON object or array inside a string loses its inner quotes ("Detail is {key1: value1}"). */
const asText = (value: unknown): string => {
  if (typeof value === 'string') return value;
  const json = JSON.stringify(value);
  return typeof value === 'object' && value !== null ? json.replaceAll('"', '') : json;
};

/**
 * Fills an InputTemplate. Inside a JSON string a value is written as it is, unescaped, as the
 * guide says EventBridge does; as a JSON value a string is quoted and an object or array written
 * as JSON. A template that is not JSON (neither object, array nor string) takes every value as text.
 */
const fillTemplate = (template: string, variables: ReadonlyMap<string, Value>): string => {
  const trimmed = template.trimStart();
  const isJson = trimmed.startsWith('{') || trimmed.startsWith('[') || trimmed.startsWith('"');
  let output = '';
  let inString = false;
  for (let index = 0; index < template.length; index += 1) {
    const char = template[index] ?? '';
    if (char === '\\' && inString) {
      output += template.slice(index, index + 2);
      index += 1;
      continue;
    }
    if (char === '"') inString = !inString;
    if (char === '<') {
      const end = template.indexOf('>', index);
      const name = end > index ? template.slice(index + 1, end) : '';
      if (variables.has(name)) {
        const value = variables.get(name);
        if (value !== MISSING) {
          output += !isJson || inString ? asText(value) : JSON.stringify(value);
        }
        index = end;
        continue;
      }
    }
    output += char;
  }
  return output;
};

/** JSON is passed on minified; anything else as it is. */
const minified = (text: string): string => {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text;
  }
};

const PREDEFINED_PREFIX = 'aws.events.';

/** The text EventBridge delivers to the target for `event`. */
export const renderTargetInput = (
  input: TargetInput,
  event: Readonly<Record<string, unknown>>,
  context: TargetInputContext,
): string => {
  if (input.kind === 'event') return JSON.stringify(event);
  if (input.kind === 'path') {
    const value = valueAtPath(event, input.inputPath);
    // A path that matches nothing hands the target an empty input.
    return value === MISSING ? '' : JSON.stringify(value);
  }
  const variables = new Map<string, Value>();
  for (const [name, path] of Object.entries(input.inputPathsMap ?? {})) {
    if (name.toLowerCase().startsWith(PREDEFINED_PREFIX)) {
      throw new TargetInputError(`InputPathsMap key ${name} is reserved by EventBridge`);
    }
    variables.set(name, valueAtPath(event, path));
  }
  const { detail: _detail, ...withoutDetail } = event;
  variables.set('aws.events.rule-arn', context.ruleArn);
  variables.set('aws.events.rule-name', context.ruleName);
  variables.set('aws.events.event.ingestion-time', context.ingestionTime.toISOString());
  variables.set('aws.events.event', withoutDetail);
  variables.set('aws.events.event.json', event);
  return minified(fillTemplate(input.inputTemplate, variables));
};
