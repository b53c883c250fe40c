/**
 * The subject a run's identity token speaks for (`pipeline:<repo>:<pipeline>`), for messages:
 * the token itself is never shown. Read without verifying; "the run" when it cannot be read. Pure.
 */
export function tokenSubject(token: string): string {
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as {
      sub?: unknown;
    };
    return typeof claims.sub === 'string' ? claims.sub : 'the run';
  } catch {
    return 'the run';
  }
}
