import { type DynamicModule, Global, Module } from '@nestjs/common';

/** Time is an input: everything that needs "now" asks the injected clock. */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** Provides the process's {@link Clock} (the system clock unless a test passes its own). */
@Global()
@Module({})
export class ClockModule {
  static forRoot(clock: Clock = new SystemClock()): DynamicModule {
    return { module: ClockModule, providers: [{ provide: Clock, useValue: clock }], exports: [Clock] };
  }
}
