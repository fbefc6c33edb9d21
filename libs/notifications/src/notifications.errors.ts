import { badRequest, forbidden, notFound } from '@app/shared';

/** Another municipality's subscription is reported as missing, so its existence does not leak. */
export const webhookNotFound = (id: string) => notFound('WEBHOOK_NOT_FOUND', 'Webhook', id);

export const unknownEventTypes = (pointers: { pointer: string; value: string }[]) =>
  badRequest(
    'UNKNOWN_EVENT_TYPE',
    `unknown event type ${pointers.map((p) => p.value).join(', ')}`,
    pointers.map(({ pointer, value }) => ({ pointer, detail: `${value} is not an event type (see EVENT_TYPES, or "*" alone for all)` })),
  );

export const invalidWebhookUrl = (detail: string) => badRequest('INVALID_WEBHOOK_URL', `url ${detail}`, [{ pointer: '/url', detail }]);

export const webhookTargetForbidden = (detail: string) =>
  badRequest('WEBHOOK_TARGET_FORBIDDEN', `url must reach a public address: ${detail}`, [{ pointer: '/url', detail }]);

export const webhookTargetUnresolvable = (host: string) =>
  badRequest('WEBHOOK_TARGET_UNRESOLVABLE', `the host ${host} does not resolve`, [{ pointer: '/url', detail: 'host does not resolve' }]);

export const invalidEventCursor = () =>
  badRequest('INVALID_CURSOR', 'after is not a cursor this API issued', [{ pointer: '/after', detail: 'invalid cursor' }]);

export const municipalityCredentialRequired = () => forbidden('MUNICIPALITY_REQUIRED', 'This credential is not bound to a municipality');

export const invalidPageCursor = () =>
  badRequest('INVALID_CURSOR', 'cursor is not one this API issued', [{ pointer: '/cursor', detail: 'invalid cursor' }]);
