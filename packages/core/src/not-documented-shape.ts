import { TikrxError } from './errors.js';

/** One schema complaint, as zod (or any validator) reports it. */
export interface ShapeIssue {
  path: readonly PropertyKey[];
  message: string;
}

/**
 * The error for a body that parsed but is not the shape the API documents: `invalid_response`,
 * not retried (the same request would get the same answer), naming the first few places.
 */
export function notDocumentedShape(what: string, issues: readonly ShapeIssue[]): TikrxError {
  const where = issues
    .slice(0, 3)
    .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
  return new TikrxError({
    kind: 'invalid_response',
    message: `${what} is not the documented shape (${where})`,
    retryable: false,
  });
}
