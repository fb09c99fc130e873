/** A small client of the cases API for the CLI. */
export class CliError extends Error {
  override name = 'CliError';
}

export interface ApiTarget {
  readonly url: string;
  readonly token: string | undefined;
}

/** Calls the cases API; throws CliError with the API's own error message on a non-2xx answer. */
export const callApi = async (
  target: ApiTarget,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<Record<string, unknown>> => {
  if (!target.token) {
    throw new CliError(
      'no API token: pass --token or set CASES_API_TOKEN (against a local runtime, start it here with npm start and the CLI finds it)',
    );
  }
  let response: Response;
  try {
    response = await fetch(new URL(path, target.url), {
      method,
      headers: {
        authorization: `Bearer ${target.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    throw new CliError(
      `cannot reach ${target.url}: ${(error as Error).message} (is npm start running, or is --url right?)`,
      { cause: error },
    );
  }
  const text = await response.text();
  let answer: Record<string, unknown> = {};
  try {
    answer = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch (error) {
    throw new CliError(`${method} ${path}: answered ${response.status} with a non-JSON body`, {
      cause: error,
    });
  }
  if (!response.ok) {
    const problem = answer.error as { code?: string; message?: string } | undefined;
    throw new CliError(
      `${method} ${path}: ${response.status} ${problem?.code ?? ''} ${problem?.message ?? text}`.trim(),
    );
  }
  return answer;
};
