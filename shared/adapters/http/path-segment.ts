/**
 * A path segment percent-decoded; undefined when an escape is malformed (`%ZZ`, a cut-off `%A`, or
 * bytes that are not UTF-8), which the caller answers with a 400, never a 500.
 */
export const decodePathSegment = (segment: string): string | undefined => {
  try {
    return decodeURIComponent(segment);
  } catch (error) {
    if (error instanceof URIError) return undefined;
    throw error;
  }
};
