import type { LoggerService } from '@nestjs/common';
import pino, { type Logger as Pino } from 'pino';
import { pinoHttp } from 'pino-http';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Nest contexts whose info lines are boot detail (one per module initialised, per controller and per
 * route, ~85 lines every boot): logged at debug.
 */
export const NEST_BOOT_DETAIL = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

export function createPino(level: string): Pino {
  return pino({ level, base: { service: 'lgwan-registry' }, redact: ['req.headers.authorization'] });
}

/**
 * Nest's logger interface over pino: structured JSON lines with the Nest context. (nestjs-pino and
 * @nestjs/throttler are CommonJS packages that require the ESM-only Nest 12, which Jest cannot
 * load on Node 20; plain pino and pino-http depend on nothing of Nest.)
 */
export class PinoLoggerService implements LoggerService {
  constructor(private readonly pino: Pino) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write(NEST_BOOT_DETAIL.has(String(rest[rest.length - 1])) ? 'debug' : 'info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  private write(level: pino.Level, message: unknown, rest: unknown[]): void {
    const context = typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    if (message !== null && typeof message === 'object') {
      const [msg] = rest;
      this.pino[level]({ context, ...message }, typeof msg === 'string' ? msg : undefined);
    } else {
      // Nest passes a stack as the second argument of error()
      const stack = level === 'error' && typeof rest[0] === 'string' ? rest[0] : undefined;
      this.pino[level]({ context, ...(stack ? { stack } : {}) }, String(message));
    }
  }
}

/** Access log with the request id set by the request-id middleware. */
export function httpLogger(logger: Pino) {
  return pinoHttp({
    logger,
    genReqId: (req: IncomingMessage & { id?: string }) => req.id ?? '',
    autoLogging: { ignore: (req: IncomingMessage) => (req.url?.startsWith('/health') || req.url?.startsWith('/metrics')) ?? false },
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
    },
  });
}
