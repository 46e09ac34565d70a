/**
 * A connection URL fit to print: the password (and user) replaced, so `REDIS_URL` and
 * `DATABASE_URL` never leak into a log line or an error.
 */
export function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}
