/** The console shell: sign-in gate, navigation, and the view the URL names. */
import { useEffect, useState } from 'preact/hooks';
import { useBearer } from './api/client';
import { navigate, onLinkClick, useLocation } from './router';
import {
  type AuthSettings,
  forgetSession,
  loadAuthSettings,
  type Session,
  signInFromLocation,
  signOut,
} from './session';
import { CaseView } from './views/case-page';
import { IncidentView } from './views/incident-page';
import { IncidentsView } from './views/incidents';
import { PraiseView } from './views/praise';
import { QueueView } from './views/queue';
import { ReportsView } from './views/reports';
import { SignInView } from './views/sign-in';

type Gate =
  | { state: 'starting' }
  | { state: 'signed-out'; settings: AuthSettings; problem?: string }
  | { state: 'signed-in'; settings: AuthSettings; session: Session };

const NAV = [
  ['/', 'Queue'],
  ['/incidents', 'Incidents'],
  ['/praise', 'Praise'],
  ['/reports', 'Reports'],
] as const;

const Routes = ({ session }: { session: Session }) => {
  const { path, query } = useLocation();
  const caseMatch = /^\/cases\/([^/]+)$/.exec(path);
  if (caseMatch?.[1])
    return <CaseView caseId={decodeURIComponent(caseMatch[1])} session={session} />;
  const incidentMatch = /^\/incidents\/([^/]+)$/.exec(path);
  if (incidentMatch?.[1])
    return <IncidentView incidentId={decodeURIComponent(incidentMatch[1])} query={query} />;
  if (path === '/incidents') return <IncidentsView query={query} />;
  if (path === '/praise') return <PraiseView />;
  if (path === '/reports') return <ReportsView query={query} />;
  if (path === '/') return <QueueView query={query} />;
  return (
    <section>
      <h1>Not found</h1>
      <p>
        Nothing lives at <code>{path}</code>. <a href="/">Back to the queue</a>
      </p>
    </section>
  );
};

const Shell = (props: { settings: AuthSettings; session: Session }) => {
  const { path } = useLocation();
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <a class="brand" href="/">
          <span aria-hidden="true">◆</span> Responder
        </a>
        <nav aria-label="Console">
          {NAV.map(([href, label]) => (
            <a
              key={href}
              href={href}
              aria-current={
                (
                  href === '/'
                    ? path === '/' || path.startsWith('/cases/')
                    : path === href || path.startsWith(`${href}/`)
                )
                  ? 'page'
                  : undefined
              }
            >
              {label}
            </a>
          ))}
        </nav>
        <button type="button" class="link" onClick={() => signOut(props.settings)}>
          Sign out
        </button>
      </header>
      <main id="main">
        <Routes session={props.session} />
      </main>
    </>
  );
};

export const App = () => {
  const [gate, setGate] = useState<Gate>({ state: 'starting' });

  useEffect(() => {
    addEventListener('click', onLinkClick);
    const start = async () => {
      let settings: AuthSettings | undefined;
      try {
        settings = await loadAuthSettings();
        const session = await signInFromLocation(settings);
        setGate(
          session ? { state: 'signed-in', settings, session } : { state: 'signed-out', settings },
        );
      } catch (error) {
        forgetSession();
        setGate({
          state: 'signed-out',
          settings: settings ?? { kind: 'token', operator: '' },
          problem: (error as Error).message,
        });
      }
    };
    void start();
    return () => removeEventListener('click', onLinkClick);
  }, []);

  const session = gate.state === 'signed-in' ? gate.session : undefined;
  useBearer(session?.token, () => {
    forgetSession();
    if (gate.state === 'signed-in') {
      setGate({
        state: 'signed-out',
        settings: gate.settings,
        problem: 'Your sign-in expired or was not accepted. Sign in again.',
      });
    }
  });

  if (gate.state === 'starting') return <p class="starting">Loading…</p>;
  if (gate.state === 'signed-out') {
    return (
      <SignInView
        settings={gate.settings}
        {...(gate.problem ? { problem: gate.problem } : {})}
        onToken={(token) => {
          if (gate.settings.kind !== 'token') return;
          location.hash = new URLSearchParams({ token }).toString();
          void signInFromLocation(gate.settings).then((signedIn) => {
            if (signedIn)
              setGate({ state: 'signed-in', settings: gate.settings, session: signedIn });
            navigate(`${location.pathname}${location.search}`, { replace: true });
          });
        }}
      />
    );
  }
  return <Shell settings={gate.settings} session={gate.session} />;
};
