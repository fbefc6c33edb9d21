import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { NestApplicationOptions } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { Express } from 'express';

/**
 * Nest's Express adapter, with an HTTP server that makes each request and response with Express's
 * prototypes from the start.
 *
 * Express gives every request and response its own prototypes (`app.request`, `app.response`) with
 * `Object.setPrototypeOf` as it takes them. V8 does not take that well on objects as busy as these:
 * measured on this machine, a bare Express `GET` served ≈ 8,000 requests a second with it and
 * ≈ 25,000 without, and every request's objects outlived the next scavenges (≈ 0.8 MB promoted to the
 * old generation at each, where plain node:http promotes none), so under load a major GC ran about
 * twice a second. Here the server makes its requests and responses as instances of classes whose
 * prototypes *are* `app.request` and `app.response`, so Express's `setPrototypeOf` sets what is
 * already there and changes nothing.
 *
 * Only the plain HTTP server is made here: with HTTPS, `forceCloseConnections` or
 * `return503OnClosing` (none used by this API) Nest makes its own.
 */
export class PrototypedExpressAdapter extends ExpressAdapter {
  override initHttpServer(options: NestApplicationOptions): void {
    if (options?.httpsOptions || options?.forceCloseConnections || options?.return503OnClosing) {
      super.initHttpServer(options);
      return;
    }
    const app = this.getInstance<Express>();
    class Request extends IncomingMessage {}
    class Response extends ServerResponse {}
    app.request = adopt(Request.prototype, app.request) as Express['request'];
    app.response = adopt(Response.prototype, app.response) as Express['response'];
    this.httpServer = createServer({ IncomingMessage: Request, ServerResponse: Response }, app);
  }
}

/**
 * Makes `target` (a class's prototype) stand in for `prototype`: the same own properties (Express's
 * `app`) and the same prototype (Express's request or response methods, then node:http's).
 */
function adopt(target: object, prototype: object): object {
  Object.setPrototypeOf(target, Object.getPrototypeOf(prototype) as object);
  for (const key of Reflect.ownKeys(prototype)) {
    if (key === 'constructor') continue;
    Object.defineProperty(target, key, Object.getOwnPropertyDescriptor(prototype, key)!);
  }
  return target;
}
