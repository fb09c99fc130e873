import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROUTES } from '../../../infra/topology';
import { openApiDocument } from '../../../shared/adapters/cases-api/openapi';
import { OPERATIONS } from '../../../shared/adapters/cases-api/operations';

describe('openApiDocument', () => {
  it('matches the committed docs/openapi.json (regenerate with `npx responder openapi`)', () => {
    const committed = JSON.parse(
      readFileSync(join(__dirname, '../../../docs/openapi.json'), 'utf8'),
    );
    expect(committed).toEqual(JSON.parse(JSON.stringify(openApiDocument(OPERATIONS))));
  });

  it('describes every cases API route of the topology, with its authentication', () => {
    const document = openApiDocument(OPERATIONS);
    const routes = ROUTES.filter((route) => route.function === 'casesApi');
    const documented = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, spec]) => ({
        key: `${method.toUpperCase()} ${path}`,
        open: Array.isArray((spec as { security?: unknown[] }).security),
      })),
    );
    expect(documented.map((entry) => entry.key).sort()).toEqual(
      routes.map((route) => `${route.method} ${route.path}`).sort(),
    );
    for (const route of routes) {
      const entry = documented.find((item) => item.key === `${route.method} ${route.path}`);
      expect({ route: entry?.key, open: entry?.open }).toEqual({
        route: entry?.key,
        open: route.auth === 'none',
      });
    }
  });

  it('documents the version every change must name, and the list filters', () => {
    const document = openApiDocument(OPERATIONS) as unknown as {
      paths: Record<
        string,
        Record<string, { requestBody?: unknown; parameters: { name: string }[] }>
      >;
    };
    const acknowledge = JSON.stringify(document.paths['/cases/{caseId}/acknowledge']?.post);
    expect(acknowledge).toContain('"required":["version"]');
    const list = document.paths['/cases']?.get?.parameters.map((parameter) => parameter.name);
    expect(list).toEqual(
      expect.arrayContaining([
        'status',
        'priority',
        'source',
        'brand',
        'assignee',
        'breached',
        'intent',
        'cursor',
      ]),
    );
  });
});
