import { errorClass, type ErrorCodes } from '@app/shared';

export const NOTIFICATIONS_ERRORS = {
  WEBHOOK_NOT_FOUND: 'not_found',
  UNKNOWN_EVENT_TYPE: 'invalid',
  INVALID_WEBHOOK_URL: 'invalid',
  WEBHOOK_TARGET_FORBIDDEN: 'invalid',
  WEBHOOK_TARGET_UNRESOLVABLE: 'invalid',
  MUNICIPALITY_REQUIRED: 'forbidden',
} as const satisfies ErrorCodes;

export type NotificationsErrorCode = keyof typeof NOTIFICATIONS_ERRORS;

export class NotificationsError extends errorClass(NOTIFICATIONS_ERRORS) {}

/** Another municipality's subscription is reported as missing, so its existence does not leak. */
export const webhookNotFound = (id: string) => new NotificationsError('WEBHOOK_NOT_FOUND', `Webhook ${id} does not exist`);

export const unknownEventTypes = (pointers: { pointer: string; value: string }[]) =>
  new NotificationsError(
    'UNKNOWN_EVENT_TYPE',
    `unknown event type ${pointers.map((p) => p.value).join(', ')}`,
    pointers.map(({ pointer, value }) => ({ pointer, detail: `${value} is not an event type (see EVENT_TYPES, or "*" alone for all)` })),
  );

export const invalidWebhookUrl = (detail: string) =>
  new NotificationsError('INVALID_WEBHOOK_URL', `url ${detail}`, [{ pointer: '/url', detail }]);

export const webhookTargetForbidden = (detail: string) =>
  new NotificationsError('WEBHOOK_TARGET_FORBIDDEN', `url must reach a public address: ${detail}`, [{ pointer: '/url', detail }]);

export const webhookTargetUnresolvable = (host: string) =>
  new NotificationsError('WEBHOOK_TARGET_UNRESOLVABLE', `the host ${host} does not resolve`, [
    { pointer: '/url', detail: 'host does not resolve' },
  ]);

export const municipalityCredentialRequired = () =>
  new NotificationsError('MUNICIPALITY_REQUIRED', 'This credential is not bound to a municipality');
