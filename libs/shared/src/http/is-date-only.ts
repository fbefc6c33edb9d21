import { ValidateBy, type ValidationOptions } from 'class-validator';

/** True for a real calendar date written `YYYY-MM-DD` (rejects 2025-02-30). */
export function isDateOnly(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
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
