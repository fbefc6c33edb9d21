import { describe, expect, it } from '@jest/globals';
import { Webhook } from 'standardwebhooks';
import { signBody, standardSignature, standardWebhookHeaders } from './signature';

describe('signBody', () => {
  it('is sha256= and the hex HMAC-SHA256 of the body (RFC 4231 test case 2)', () => {
    expect(signBody('Jefe', 'what do ya want for nothing?')).toBe(
      'sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });

  it('signs the exact bytes: a different serialisation gives a different signature', () => {
    expect(signBody('0123456789abcdef', '{"a":1}')).not.toBe(signBody('0123456789abcdef', '{"a": 1}'));
  });
});

describe('Standard Webhooks headers', () => {
  const body = '{"type":"service.updated","id":"x"}';
  const at = new Date('2026-01-15T00:00:00Z');

  it('verify with the reference library for a whsec_ secret', () => {
    const secret = `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`;
    const headers = standardWebhookHeaders(secret, 'msg_1', at, body);
    expect(headers['webhook-timestamp']).toBe('1768435200');
    // the library checks the timestamp against now: verify as of the attempt
    const realNow = Date.now;
    Date.now = () => at.getTime();
    try {
      expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    } finally {
      Date.now = realNow;
    }
  });

  it('uses the UTF-8 bytes of any other secret, and changes with the id, the time or the body', () => {
    const secret = 'plain-secret-of-the-subscriber';
    const reference = new Webhook(Buffer.from(secret, 'utf8').toString('base64')).sign('msg_1', at, body);
    expect(standardSignature(secret, 'msg_1', 1768435200, body)).toBe(reference);
    expect(standardSignature(secret, 'msg_2', 1768435200, body)).not.toBe(reference);
    expect(standardSignature(secret, 'msg_1', 1768435201, body)).not.toBe(reference);
    expect(standardSignature(secret, 'msg_1', 1768435200, `${body} `)).not.toBe(reference);
  });
});
