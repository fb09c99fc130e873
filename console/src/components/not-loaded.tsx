/** What a page of one item shows until it is loaded: that it does not exist, the error, or a wait. */
import { ApiError } from '../api/client';

export const isNotFound = (error: Error | undefined): boolean =>
  error instanceof ApiError && error.status === 404;

export const NotLoaded = (props: {
  /** `case`, `incident`. */
  what: string;
  id: string;
  error: Error | undefined;
  back: { href: string; label: string };
}) => {
  const { what, error } = props;
  if (isNotFound(error)) {
    return (
      <section>
        <h1>No such {what}</h1>
        <p>
          {what[0]?.toUpperCase()}
          {what.slice(1)} <code>{props.id}</code> does not exist.{' '}
          <a href={props.back.href}>{props.back.label}</a>
        </p>
      </section>
    );
  }
  return error ? (
    <p class="error" role="alert">
      Could not load the {what}: {error.message}
    </p>
  ) : (
    <p aria-live="polite">Loading {what}…</p>
  );
};
