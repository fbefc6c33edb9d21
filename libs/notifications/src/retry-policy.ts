/** The longest wait between two attempts, whatever the base and attempt count. */
export const MAX_RETRY_DELAY_MS = 24 * 3600_000;

/** Wait before the next attempt after `attempts` failed ones: base × 2^(attempts−1), capped at a day. */
export function backoffDelayMs(attempts: number, baseMs: number): number {
  if (!Number.isInteger(attempts) || attempts < 1) throw new RangeError(`attempts must be a positive integer, got ${attempts}`);
  return Math.min(baseMs * 2 ** (attempts - 1), MAX_RETRY_DELAY_MS);
}

export type AfterFailure = { status: 'failed' } | { status: 'pending'; retryInMs: number };

/** What happens to a delivery whose `attempts`-th attempt just failed. */
export function afterFailure(attempts: number, maxAttempts: number, baseMs: number): AfterFailure {
  return attempts >= maxAttempts ? { status: 'failed' } : { status: 'pending', retryInMs: backoffDelayMs(attempts, baseMs) };
}

/** A 2xx answer delivers; anything else (3xx included: redirects are not followed) is a failed attempt. */
export const isDelivered = (statusCode: number | null): boolean => statusCode !== null && statusCode >= 200 && statusCode < 300;
