import * as z from 'zod';
import { ErrorResponse } from '../../contracts/cases-api';
import type { Operation } from './operation';

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' });

const ERROR_RESPONSES = {
  '400': 'The request is malformed; the error names the bad field',
  '401': 'No authenticated caller, or a bad signature',
  '404': 'No such case or author',
  '409':
    'The case changed since that version (`currentVersion` says where it is), or the action does not apply in its status',
} as const;

/** The request parameters of one location from an object schema's properties. */
const parametersOf = (schema: z.ZodType | undefined, location: 'path' | 'query') => {
  if (!schema) return [];
  const document = jsonSchema(schema, 'input') as {
    properties?: Record<string, Record<string, unknown>>;
    required?: string[];
  };
  return Object.entries(document.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: location,
      required: location === 'path' || (document.required ?? []).includes(name),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
};

/** The OpenAPI 3 document of the cases API, generated from the operations' zod schemas. */
export const openApiDocument = (operations: readonly Operation[]) => {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const responses: Record<string, unknown> = {
      '200': {
        description: 'OK',
        content: { 'application/json': { schema: jsonSchema(op.response, 'output') } },
      },
    };
    for (const [status, description] of Object.entries(ERROR_RESPONSES)) {
      responses[status] = {
        description,
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      };
    }
    const requestBody = op.body
      ? {
          required: true,
          content: { 'application/json': { schema: jsonSchema(op.body, 'input') } },
        }
      : op.formBody
        ? {
            required: true,
            content: {
              'application/x-www-form-urlencoded': {
                schema: {
                  type: 'object',
                  properties: { payload: { type: 'string', description: 'JSON payload' } },
                  required: ['payload'],
                },
              },
            },
          }
        : undefined;
    paths[op.path] = {
      ...paths[op.path],
      [op.method.toLowerCase()]: {
        operationId: op.id,
        summary: op.summary,
        ...(op.description ? { description: op.description } : {}),
        ...(op.auth === 'user' ? {} : { security: [] }),
        parameters: [...parametersOf(op.params, 'path'), ...parametersOf(op.query, 'query')],
        ...(requestBody ? { requestBody } : {}),
        responses,
      },
    };
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'Social responder cases API',
      version: '1',
      description:
        'Work the cases the responder opened from brand mentions. Every change names the case `version` it was made against; a stale version gets 409 with the current one.',
    },
    security: [{ bearer: [] }],
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'A JWT from the configured issuer in AWS; `CASES_API_TOKEN` locally',
        },
      },
      schemas: { Error: jsonSchema(ErrorResponse, 'output') },
    },
    paths,
  };
};
