import { describe, expect, it } from '@jest/globals';
import canonicalize from 'canonicalize';
import { canonicalJson, sha256Hex } from './canonical';

describe('canonicalJson (RFC 8785)', () => {
  it('matches the RFC 8785 §3.2.2 example', () => {
    const input = JSON.parse(
      '{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],' +
        '"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals":[null,true,false]}',
    );
    expect(canonicalJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' + '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('sorts keys by UTF-16 code units (RFC 8785 §3.2.3)', () => {
    const input = {
      '\u20ac': 1,
      '\r': 2,
      '\ufb33': 3,
      '1': 4,
      '\ud83d\ude00': 5,
      '\u0080': 6,
      '\u00f6': 7,
    };
    const keys = Object.keys(JSON.parse(canonicalJson(input)) as object);
    // JSON.parse re-orders integer-like keys, so check the raw order instead.
    expect(keys).toHaveLength(7);
    const out = canonicalJson(input);
    const order = ['\\r', '"1"', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33'].map((k) => out.indexOf(k));
    expect(order.every((pos, i) => pos >= 0 && (i === 0 || pos > order[i - 1]))).toBe(true);
  });

  it('is independent of insertion order and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: [1, 'x'], c: undefined })).toBe('{"a":[1,"x"],"b":1}');
    expect(canonicalJson({ a: [1, 'x'], b: 1 })).toBe(canonicalJson({ b: 1, a: [1, 'x'] }));
  });

  it('uses toJSON (Dates become ISO strings)', () => {
    expect(canonicalJson({ at: new Date('2025-01-02T03:04:05.678Z') })).toBe('{"at":"2025-01-02T03:04:05.678Z"}');
  });

  it('throws for values without a JSON representation', () => {
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
    expect(() => canonicalJson(() => 1)).toThrow(TypeError);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(TypeError);
    expect(() => canonicalJson(Number.NaN)).toThrow();
    expect(() => canonicalJson({ n: Infinity })).toThrow();
    expect(() => canonicalJson({ n: 1n })).toThrow();
  });

  it('still accepts strings that contain "undefined"', () => {
    expect(canonicalJson({ s: 'undefined' })).toBe('{"s":"undefined"}');
  });
});

describe('canonicalJson fast path for plain JSON data', () => {
  const alphabet = ['a', 'Z', '"', '\\', '\n', '\u0000', '\u001f', '\u007f', 'é', '€', '\u2028', '😀', '\ud800', '\udc00', '/', '1'];
  const numbers = [0, -0, 1, -1.5, 1e21, 1e-7, 5e-324, 1.7976931348623157e308, 0.1 + 0.2, 2 ** 53 + 2, 333333333.33333329];
  let seed = 42;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const text = () => Array.from({ length: rand(6) }, () => alphabet[rand(alphabet.length)]).join('');
  const value = (depth: number): unknown => {
    switch (rand(depth > 3 ? 5 : 7)) {
      case 0:
        return null;
      case 1:
        return rand(2) === 0;
      case 2:
        return numbers[rand(numbers.length)];
      case 3:
      case 4:
        return text();
      case 5:
        return Array.from({ length: rand(4) }, () => value(depth + 1));
      default:
        return Object.fromEntries(Array.from({ length: rand(5) }, () => [text(), value(depth + 1)]));
    }
  };

  it('is byte-identical to the library on 5,000 random values (escapes, surrogates, odd numbers)', () => {
    for (let i = 0; i < 5000; i++) {
      const v = value(0);
      expect(canonicalJson(v)).toBe(canonicalize(v));
    }
  });

  it('leaves values that are not plain JSON data to the library', () => {
    expect(canonicalJson({ a: [undefined, 1], b: undefined, at: new Date(0) })).toBe('{"a":[null,1],"at":"1970-01-01T00:00:00.000Z"}');
  });
});

describe('sha256Hex', () => {
  it('hashes strings as UTF-8 and buffers as bytes', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex(Buffer.from('abc'))).toBe(sha256Hex('abc'));
  });
});
