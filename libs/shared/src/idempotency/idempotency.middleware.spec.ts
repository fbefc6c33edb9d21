import { describe, expect, it } from '@jest/globals';
import { multipartWithoutBoundary } from './idempotency.middleware';

const part = (boundary: string, content: string) =>
  Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\n${content}\r\n--${boundary}--\r\n`);

describe('multipartWithoutBoundary (what an Idempotency-Key fingerprints of an upload)', () => {
  it.each([
    ['the same file under two boundaries is the same', 'AaB03x', 'x-9f2', 'a,b\r\n1,2', 'a,b\r\n1,2', true],
    ['another file is another request', 'AaB03x', 'AaB03x', 'a,b\r\n1,2', 'a,b\r\n1,3', false],
    ['a quoted boundary counts too', '"q u"', 'other', 'x', 'x', true],
  ] as const)('%s', (_, b1, b2, c1, c2, same) => {
    const bare = (b: string) => b.replace(/"/g, '');
    const one = multipartWithoutBoundary(part(bare(b1), c1), `multipart/form-data; boundary=${b1}`);
    const two = multipartWithoutBoundary(part(bare(b2), c2), `multipart/form-data; boundary=${b2}`);
    expect(one.equals(two)).toBe(same);
  });

  it('leaves any other body as it is', () => {
    const csv = Buffer.from('boundary=x\r\n1,2');
    expect(multipartWithoutBoundary(csv, 'text/csv')).toBe(csv);
  });
});
