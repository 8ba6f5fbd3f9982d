/** A thrown error as one sentence for the user (MarginError messages are written for them). */
export function errorText(err: unknown): string {
  const message = (err as { message?: unknown })?.message;
  return typeof message === 'string' && message ? message : String(err);
}
