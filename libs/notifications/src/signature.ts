import { createHmac } from 'node:crypto';

/** `X-Registry-Signature`: `sha256=` and the hex HMAC-SHA256 of the exact body bytes with the subscription secret. */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}
