/** Time is an input: everything that needs "now" asks the injected clock. */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** Today's date (YYYY-MM-DD) in Asia/Tokyo, which has no daylight saving time (UTC+9). */
export function tokyoToday(now: Date): string {
  return new Date(now.getTime() + 9 * 3600_000).toISOString().slice(0, 10);
}
