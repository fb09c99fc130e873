/**
 * Who is signed in. Locally the gateway's bearer token arrives in the URL fragment
 * (`/#token=…`, never sent to a server); in AWS, Cognito's hosted sign-in with the
 * authorization-code flow and PKCE. Either way the console keeps one bearer token.
 */

/** How this deployment signs operators in: served as /console-config.json beside the build. */
export type AuthSettings =
  | { readonly kind: 'token'; readonly operator: string }
  | {
      readonly kind: 'cognito';
      /** The hosted sign-in domain, e.g. https://acme.auth.eu-west-1.amazoncognito.com */
      readonly domain: string;
      readonly clientId: string;
      readonly scopes: readonly string[];
    };

export interface Session {
  readonly token: string;
  /** The caller's id as the API records it (`sub`), for "assign to me". */
  readonly operator: string;
  /** Epoch ms after which the token is no longer accepted. */
  readonly expiresAt?: number;
}

const SESSION_KEY = 'responder.session';
const PKCE_KEY = 'responder.pkce';
export const CALLBACK_PATH = '/auth/callback';

export class SignInError extends Error {
  override name = 'SignInError';
}

export const loadAuthSettings = async (): Promise<AuthSettings> => {
  const response = await fetch('/console-config.json', { cache: 'no-store' });
  if (!response.ok) throw new SignInError(`console configuration: HTTP ${response.status}`);
  const { auth } = (await response.json()) as { auth: AuthSettings };
  return auth;
};

export const currentSession = (now = Date.now()): Session | undefined => {
  const stored = localStorage.getItem(SESSION_KEY);
  if (!stored) return undefined;
  const session = JSON.parse(stored) as Session;
  if (session.expiresAt !== undefined && session.expiresAt <= now) {
    localStorage.removeItem(SESSION_KEY);
    return undefined;
  }
  return session;
};

const keep = (session: Session): Session => {
  localStorage.setItem(SESSION_KEY, JSON.stringify(session));
  return session;
};

export const forgetSession = (): void => localStorage.removeItem(SESSION_KEY);

const base64Url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');

const randomString = (size: number): string =>
  base64Url(crypto.getRandomValues(new Uint8Array(size)));

/** RFC 7636 S256: BASE64URL(SHA256(ASCII(code_verifier))). */
export const codeChallengeOf = async (verifier: string): Promise<string> =>
  base64Url(
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))),
  );

const redirectUri = (): string => `${location.origin}${CALLBACK_PATH}`;

/** Sends the browser to Cognito's hosted sign-in; it comes back to CALLBACK_PATH with a code. */
export const startHostedSignIn = async (
  settings: Extract<AuthSettings, { kind: 'cognito' }>,
  returnTo: string,
): Promise<void> => {
  const verifier = randomString(48);
  const state = randomString(16);
  sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state, returnTo }));
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: settings.clientId,
    redirect_uri: redirectUri(),
    scope: settings.scopes.join(' '),
    state,
    code_challenge_method: 'S256',
    code_challenge: await codeChallengeOf(verifier),
  });
  location.assign(`${settings.domain}/oauth2/authorize?${query}`);
};

const claimsOf = (jwt: string): Record<string, unknown> => {
  const payload = jwt.split('.')[1] ?? '';
  const json = atob(payload.replaceAll('-', '+').replaceAll('_', '/'));
  return JSON.parse(json) as Record<string, unknown>;
};

const finishHostedSignIn = async (
  settings: Extract<AuthSettings, { kind: 'cognito' }>,
  params: URLSearchParams,
): Promise<{ session: Session; returnTo: string }> => {
  const pending = JSON.parse(sessionStorage.getItem(PKCE_KEY) ?? 'null') as {
    verifier: string;
    state: string;
    returnTo: string;
  } | null;
  sessionStorage.removeItem(PKCE_KEY);
  const error = params.get('error');
  if (error) throw new SignInError(`sign-in refused: ${params.get('error_description') ?? error}`);
  const code = params.get('code');
  if (!pending || !code || params.get('state') !== pending.state) {
    throw new SignInError('this sign-in link is stale or was not started here; sign in again');
  }
  const response = await fetch(`${settings.domain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: settings.clientId,
      code,
      redirect_uri: redirectUri(),
      code_verifier: pending.verifier,
    }),
  });
  if (!response.ok) throw new SignInError(`token exchange failed: HTTP ${response.status}`);
  const tokens = (await response.json()) as { access_token: string; expires_in: number };
  const claims = claimsOf(tokens.access_token);
  return {
    session: keep({
      token: tokens.access_token,
      operator: String(claims.sub ?? ''),
      expiresAt: Date.now() + tokens.expires_in * 1000,
    }),
    returnTo: pending.returnTo,
  };
};

/**
 * Completes a sign-in carried by the current URL (a `#token=` fragment, or Cognito's callback),
 * removes it from the address bar, and answers the session, if any.
 */
export const signInFromLocation = async (settings: AuthSettings): Promise<Session | undefined> => {
  if (settings.kind === 'token') {
    const fragment = new URLSearchParams(location.hash.slice(1));
    const token = fragment.get('token');
    if (token) {
      history.replaceState(null, '', `${location.pathname}${location.search}`);
      return keep({ token, operator: settings.operator });
    }
    return currentSession();
  }
  if (location.pathname === CALLBACK_PATH) {
    const { session, returnTo } = await finishHostedSignIn(
      settings,
      new URLSearchParams(location.search),
    );
    history.replaceState(null, '', returnTo.startsWith('/') ? returnTo : '/');
    return session;
  }
  return currentSession();
};

/** Signs out here and, with Cognito, ends the hosted session too. */
export const signOut = (settings: AuthSettings): void => {
  forgetSession();
  if (settings.kind === 'cognito') {
    const query = new URLSearchParams({
      client_id: settings.clientId,
      logout_uri: `${location.origin}/`,
    });
    location.assign(`${settings.domain}/logout?${query}`);
  } else {
    location.assign('/');
  }
};
