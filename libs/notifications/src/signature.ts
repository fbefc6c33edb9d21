import { createHmac } from 'node:crypto';

/** `X-Registry-Signature`: `sha256=` and the hex HMAC-SHA256 of the exact body bytes with the subscription secret. */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/**
 * The Standard Webhooks signature (standardwebhooks.com): `v1,` and the base64 HMAC-SHA256 of
 * `${webhookId}.${timestamp}.${body}`. The key is the secret's bytes: the base64 after `whsec_` for a
 * secret in that form, else the secret's UTF-8 bytes. Receivers reject replays by the timestamp and
 * de-duplicate by `webhook-id` (the same for every retry of one delivery).
 */
export function standardSignature(secret: string, webhookId: string, timestamp: number, body: string): string {
  const key = secret.startsWith('whsec_') ? Buffer.from(secret.slice('whsec_'.length), 'base64') : Buffer.from(secret, 'utf8');
  return `v1,${createHmac('sha256', key).update(`${webhookId}.${timestamp}.${body}`, 'utf8').digest('base64')}`;
}

/** The three Standard Webhooks headers for one attempt. */
export function standardWebhookHeaders(secret: string, webhookId: string, at: Date, body: string): Record<string, string> {
  const timestamp = Math.floor(at.getTime() / 1000);
  return {
    'webhook-id': webhookId,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': standardSignature(secret, webhookId, timestamp, body),
  };
}
