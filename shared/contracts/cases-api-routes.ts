/**
 * The routes of the cases API, listed once: the API's operations take their method, path and
 * authentication from here, and infra/topology turns them into API Gateway routes.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** `none`: the function authenticates (signatures); `user`: JWT in AWS, bearer token locally. */
export type RouteAuth = 'none' | 'user';

export interface ApiRoute {
  readonly method: HttpMethod;
  /** API Gateway path syntax: `{name}` is one segment. */
  readonly path: string;
  readonly auth: RouteAuth;
}

const caseAction = (verb: string): ApiRoute => ({
  method: 'POST',
  path: `/cases/{caseId}/${verb}`,
  auth: 'user',
});

/** Each operation of the cases API by id, in the order the API lists them. */
export const CASES_API_ROUTES = {
  listCases: { method: 'GET', path: '/cases', auth: 'user' },
  getCase: { method: 'GET', path: '/cases/{caseId}', auth: 'user' },
  acknowledgeCase: caseAction('acknowledge'),
  assignCase: caseAction('assign'),
  respondToCase: caseAction('respond'),
  resolveCase: caseAction('resolve'),
  reopenCase: caseAction('reopen'),
  addNote: caseAction('notes'),
  mergeCases: caseAction('merge'),
  correctTriage: caseAction('triage-correction'),
  listLabels: { method: 'GET', path: '/labels', auth: 'user' },
  replyToCase: caseAction('reply'),
  takeCaseOffline: caseAction('take-offline'),
  linkAuthors: { method: 'POST', path: '/authors/links', auth: 'user' },
  listAuthorCases: { method: 'GET', path: '/authors/{source}/{authorId}/cases', auth: 'user' },
  listIncidents: { method: 'GET', path: '/incidents', auth: 'user' },
  getIncident: { method: 'GET', path: '/incidents/{incidentId}', auth: 'user' },
  replyToIncident: { method: 'POST', path: '/incidents/{incidentId}/reply', auth: 'user' },
  resolveIncident: { method: 'POST', path: '/incidents/{incidentId}/resolve', auth: 'user' },
  reportSummary: { method: 'GET', path: '/reports/summary', auth: 'user' },
  sendTestAlert: { method: 'POST', path: '/alerts/test', auth: 'user' },
  getTestAlert: { method: 'GET', path: '/alerts/test/{testId}', auth: 'user' },
  openApi: { method: 'GET', path: '/openapi.json', auth: 'none' },
  // Signed by Slack with the app's signing secret; the function verifies it.
  slackActions: { method: 'POST', path: '/integrations/slack/actions', auth: 'none' },
} as const satisfies Record<string, ApiRoute>;

export type CasesApiOperationId = keyof typeof CASES_API_ROUTES;
