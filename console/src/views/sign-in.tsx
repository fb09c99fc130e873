/** What a signed-out visitor sees: how to sign in, and never any case data. */
import { useState } from 'preact/hooks';
import { type AuthSettings, startHostedSignIn } from '../session';

export const SignInView = (props: {
  settings: AuthSettings;
  problem?: string;
  onToken: (token: string) => void;
}) => {
  const [token, setToken] = useState('');
  const returnTo = `${location.pathname}${location.search}`;
  return (
    <main class="sign-in" id="main">
      <div class="sign-in-card">
        <p class="brandmark" aria-hidden="true">
          ◆
        </p>
        <h1>Sign in to the operator console</h1>
        {props.problem ? (
          <p class="error" role="alert">
            {props.problem}
          </p>
        ) : null}
        {props.settings.kind === 'cognito' ? (
          <>
            <p>Operators sign in with the account an administrator invited.</p>
            <button
              type="button"
              class="primary"
              onClick={() => {
                const { settings } = props;
                if (settings.kind === 'cognito') void startHostedSignIn(settings, returnTo);
              }}
            >
              Sign in
            </button>
          </>
        ) : (
          <>
            <p>
              Open the sign-in link that <code>npm start</code> printed (
              <code>{location.origin}/#token=…</code>), or paste the <code>CASES_API_TOKEN</code>:
            </p>
            <form
              onSubmit={(event) => {
                event.preventDefault();
                if (token.trim()) props.onToken(token.trim());
              }}
            >
              <label class="field">
                <span>Operator token</span>
                <input
                  type="password"
                  autoComplete="off"
                  value={token}
                  onInput={(event) => setToken(event.currentTarget.value)}
                />
              </label>
              <button type="submit" class="primary">
                Sign in
              </button>
            </form>
          </>
        )}
      </div>
    </main>
  );
};
