import type { z } from 'zod/mini'

/**
 * Wraps a domain verb so its input is parsed once, at the boundary, and the schema stays reachable
 * (`.schema`) for the API and the OpenAPI document.
 */
export function fn<S extends z.ZodMiniType, R>(schema: S, cb: (input: z.output<S>) => R) {
  const run = (input: z.input<S>): R => cb(schema.parse(input))
  run.schema = schema
  return run
}
