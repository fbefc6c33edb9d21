import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { lookup as dnsLookupAll } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { forbiddenRange, hostOf } from './target-policy';

/** The target resolves (at least partly) to an address webhooks may not reach. */
export class TargetForbiddenError extends Error {
  constructor(
    readonly host: string,
    readonly address: string,
    readonly range: string,
  ) {
    super(`${host} resolves to ${address} (${range})`);
  }
}

function firstForbidden(host: string, addresses: LookupAddress[]): TargetForbiddenError | null {
  for (const { address } of addresses) {
    const range = forbiddenRange(address);
    if (range !== null) return new TargetForbiddenError(host, address, range);
  }
  return null;
}

/**
 * Resolves the URL's host (IP literals included) and throws {@link TargetForbiddenError} if any
 * address is loopback, private, link-local, unique-local, CGNAT, multicast, … Every address must
 * be public: a name that resolves to one public and one private address is refused.
 */
export async function assertPublicTarget(url: URL): Promise<void> {
  const host = hostOf(url);
  const addresses = await dnsLookupAll(host, { all: true, verbatim: true });
  const problem = firstForbidden(host, addresses);
  if (problem) throw problem;
}

/**
 * A resolver for the socket that applies the same rule to the addresses it actually connects to,
 * so a name that re-resolves between the check and the connection (DNS rebinding) cannot slip
 * through.
 */
export const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, '', 0);
    const problem = firstForbidden(hostname, addresses);
    if (problem) return callback(Object.assign(problem, { code: 'ETARGETFORBIDDEN' }), '', 0);
    if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    callback(null, addresses[0].address, addresses[0].family);
  });
};

export interface PostOptions {
  timeoutMs: number;
  /** Whether private, loopback and other special addresses may be reached (tests, closed networks). */
  allowPrivate: boolean;
}

/**
 * POSTs `body` and answers the receiver's status code. Redirects are not followed (the caller
 * treats a 3xx as a failure); the whole exchange is bounded by `timeoutMs`; the response body is
 * discarded unread. Throws on connection errors, timeouts and forbidden targets.
 */
export async function postJson(url: URL, body: string, headers: Record<string, string>, options: PostOptions): Promise<number> {
  if (!options.allowPrivate) await assertPublicTarget(url);
  const client = url.protocol === 'https:' ? https : http;
  const signal = AbortSignal.timeout(options.timeoutMs);
  return new Promise<number>((resolve, reject) => {
    const req = client.request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
        lookup: options.allowPrivate ? undefined : publicOnlyLookup,
        signal,
        agent: false,
      },
      (res) => {
        resolve(res.statusCode ?? 0);
        res.destroy();
      },
    );
    req.on('error', (err) => reject(signal.aborted ? new Error(`timeout after ${options.timeoutMs} ms`) : err));
    req.end(body);
  });
}
