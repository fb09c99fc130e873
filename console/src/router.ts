/** Client-side navigation over the History API: the URL is the state of every view. */
import { useEffect, useState } from 'preact/hooks';

const listeners = new Set<() => void>();
const notify = () => {
  for (const listener of listeners) listener();
};
addEventListener('popstate', notify);

export const navigate = (to: string, options: { replace?: boolean } = {}): void => {
  if (options.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  notify();
  if (!options.replace) scrollTo(0, 0);
};

/** The current path and query; re-renders on every navigation. */
export const useLocation = (): { path: string; query: URLSearchParams } => {
  const [, setVersion] = useState(0);
  useEffect(() => {
    const listener = () => setVersion((version) => version + 1);
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, []);
  return { path: location.pathname, query: new URLSearchParams(location.search) };
};

/** Same-origin links navigate in place; modified clicks (new tab) keep the browser's behaviour. */
export const onLinkClick = (event: MouseEvent): void => {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const anchor = (event.target as Element).closest('a');
  if (!anchor || anchor.target || anchor.origin !== location.origin) return;
  if (anchor.pathname.startsWith('/api/')) return;
  event.preventDefault();
  navigate(`${anchor.pathname}${anchor.search}`);
};
