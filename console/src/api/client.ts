/** Calls the cases API on this origin under /api with the session's bearer token. */
import type { CaseStatus } from './types';

/** The API answered with an error: `{"error":{"code","message",…}}` or API Gateway's `{"message"}`. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** On a 409: where the case is now. */
    readonly current?: { version: number; status: CaseStatus },
  ) {
    super(message);
  }
}

export const API_BASE = '/api';

let bearer: string | undefined;
let onUnauthorized: () => void = () => {};

/** The token every call carries, and what to do when the API no longer accepts it. */
export const useBearer = (token: string | undefined, unauthorized: () => void): void => {
  bearer = token;
  onUnauthorized = unauthorized;
};

const errorOf = async (response: Response): Promise<ApiError> => {
  const body = (await response.json().catch(() => ({}))) as {
    error?: { code?: string; message?: string; currentVersion?: number; status?: CaseStatus };
    message?: string;
  };
  const { error } = body;
  const current =
    error?.currentVersion !== undefined && error.status
      ? { version: error.currentVersion, status: error.status }
      : undefined;
  return new ApiError(
    response.status,
    error?.code ?? (response.status === 401 ? 'unauthenticated' : 'error'),
    error?.message ?? body.message ?? `HTTP ${response.status}`,
    current,
  );
};

const call = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
  const response = await fetch(`${API_BASE}${path}`, {
    ...init,
    headers: {
      accept: 'application/json',
      ...(init.body ? { 'content-type': 'application/json' } : {}),
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
    },
  });
  if (response.status === 401) onUnauthorized();
  if (!response.ok) throw await errorOf(response);
  return (await response.json()) as T;
};

export const getJson = <T>(path: string, signal?: AbortSignal): Promise<T> =>
  call<T>(path, signal ? { signal } : {});

export const postJson = <T>(path: string, body: unknown): Promise<T> =>
  call<T>(path, { method: 'POST', body: JSON.stringify(body) });
