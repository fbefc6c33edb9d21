import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the receiver answers one request: a status, a redirect, or never (until the client gives up). */
export type Reply = number | 'hang' | { status: number; location: string };

export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  /** The body exactly as sent (the signature is computed over these bytes). */
  rawBody: string;
}

/**
 * A local HTTP receiver on 127.0.0.1 for webhook tests. Each path answers from its script, in
 * order, the last reply repeating (default 200); every request is recorded with its raw body.
 */
export class Receiver {
  private readonly requests: ReceivedRequest[] = [];
  private readonly scripts = new Map<string, Reply[]>();
  private readonly hanging = new Map<string, Set<ServerResponse>>();

  private constructor(private readonly server: Server) {}

  static async start(): Promise<Receiver> {
    const server = createServer();
    const receiver = new Receiver(server);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => receiver.answer(req.url ?? '/', req.headers, Buffer.concat(chunks).toString('utf8'), res));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** Sets how `path` answers its next requests; the last reply repeats. */
  script(path: string, ...replies: Reply[]): void {
    this.scripts.set(path, replies);
  }

  received(path: string): ReceivedRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  /** Requests to `path` the receiver is holding open ('hang'), i.e. the client has not given up on yet. */
  openCount(path: string): number {
    return [...(this.hanging.get(path) ?? [])].filter((res) => !res.destroyed && !res.writableEnded).length;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private answer(path: string, headers: IncomingHttpHeaders, rawBody: string, res: ServerResponse): void {
    this.requests.push({ path, headers, rawBody });
    const script = this.scripts.get(path) ?? [];
    const reply = script.length > 1 ? script.shift()! : (script[0] ?? 200);
    if (reply === 'hang') {
      const open = this.hanging.get(path) ?? new Set<ServerResponse>();
      open.add(res);
      this.hanging.set(path, open);
      res.on('close', () => open.delete(res));
      return;
    }
    if (typeof reply === 'number') res.writeHead(reply).end();
    else res.writeHead(reply.status, { Location: reply.location }).end();
  }
}

/** A URL on 127.0.0.1 where nothing listens (a receiver that is down). */
export async function closedPortUrl(path = '/'): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}${path}`;
}

/** Retries `check` until it returns a value other than undefined/false or `timeoutMs` passes, then fails with its last error. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = null;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      throw lastError instanceof Error ? lastError : new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
