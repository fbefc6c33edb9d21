import { applyDecorators } from '@nestjs/common';
import { IsDefined, IsInt, Max, Min, ValidateIf, type ValidationOptions } from 'class-validator';

/**
 * An optional request field: it may be left out, but `null` is not "left out" — it is validated like
 * any other value (and so refused by the field's own rules). class-validator's `@IsOptional()` skips
 * `null` too, which let `{"registrationNumber": null}` reach the database; keep `@IsOptional()` only
 * for fields declared nullable (`| null`), where `null` means "clear it".
 */
export function Optional(): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined);
}

/** A required nested object or array: `@ValidateNested()` alone lets a missing value through. */
export function Required(options?: ValidationOptions): PropertyDecorator {
  return IsDefined({ message: ({ property }) => `${property} is required`, ...options });
}

/** An integer within [min, max] (a number like 1e308 is an integer too, and overflows every column). */
export function IntIn(min: number, max: number, options?: ValidationOptions): PropertyDecorator {
  return applyDecorators(IsInt(options), Min(min, options), Max(max, options));
}

/** Day counts the registry stores (`integer` columns): at most 100 years. */
export const MAX_DAYS = 36_500;
