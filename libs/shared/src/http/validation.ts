import { type ValidationError, ValidationPipe } from '@nestjs/common';
import { type FieldError, validationFailed } from './problem';

/** Flattens class-validator errors into JSON Pointers (`/findings/0/outcome`). */
export function toFieldErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const pointer = `${prefix}/${error.property}`;
    const own = Object.values(error.constraints ?? {}).map((detail) => ({ pointer, detail }));
    return [...own, ...toFieldErrors(error.children ?? [], pointer)];
  });
}

/** Strict global validation: unknown properties are a 400, every bad field is listed. */
export function strictValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => validationFailed('The request is not valid', toFieldErrors(errors)),
  });
}
