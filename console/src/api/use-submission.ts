/** A form's one request at a time: busy while it runs, then its answer or its error message. */
import { useState } from 'preact/hooks';

export type Submission<T> =
  | { readonly kind: 'idle' }
  | { readonly kind: 'busy' }
  | { readonly kind: 'done'; readonly result: T }
  | { readonly kind: 'error'; readonly message: string };

export const useSubmission = <T>() => {
  const [state, setState] = useState<Submission<T>>({ kind: 'idle' });
  /** Runs `request`; `then` runs on its answer before the answer is shown. */
  const submit = async (request: () => Promise<T>, then?: (result: T) => Promise<void> | void) => {
    setState({ kind: 'busy' });
    try {
      const result = await request();
      await then?.(result);
      setState({ kind: 'done', result });
    } catch (error) {
      setState({ kind: 'error', message: (error as Error).message });
    }
  };
  return { state, submit };
};
