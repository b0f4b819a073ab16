import { z } from 'zod';
import { ConfigError } from '../errors';

/**
 * Validates an options object against its zod schema, reporting every problem at once as a
 * `ConfigError`, and returns the parsed, frozen result.
 */
export function parseOptions<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  what: string,
): Readonly<z.output<Schema>> {
  const result = schema.safeParse(value ?? {});
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    throw new ConfigError(`Invalid ${what} options: ${problems.join('; ')}.`);
  }
  return Object.freeze(result.data);
}

/** A positive whole number of milliseconds. */
export const durationMsSchema = z.number().int().positive();
