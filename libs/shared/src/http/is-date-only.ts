import { ValidateBy, type ValidationOptions } from 'class-validator';

/** True for a real calendar date written `YYYY-MM-DD` from 0001-01-01 to 9999-12-31 (rejects 2025-02-30 and year 0000). */
export function isDateOnly(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || value.startsWith('0000')) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

export function IsDateOnly(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isDateOnly',
      validator: { validate: isDateOnly, defaultMessage: (a) => `${a?.property} must be a real date written YYYY-MM-DD` },
    },
    options,
  );
}
