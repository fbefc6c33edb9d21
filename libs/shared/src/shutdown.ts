import type { LoggerService } from '@nestjs/common';

/**
 * Graceful shutdown on SIGINT/SIGTERM: close the app (in-flight requests and jobs finish, then
 * connections close), then the embedded database if one was started, then exit.
 */
export function closeOnSignals(logger: LoggerService, ...steps: (() => Promise<void>)[]): void {
  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: shutting down`, 'Shutdown');
    for (const step of steps) await step();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}
