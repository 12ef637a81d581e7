/** Asserting the statistics engine's bad-input errors: a StatsInputError naming the field at fault. */
import { expect } from 'vitest';
import { StatsInputError } from '../../src/stats/index.js';

/** Runs `call` once and checks it throws a StatsInputError naming `field` (and matching `message`). */
export function expectInputError(call: () => unknown, field: string, message?: RegExp): void {
  let thrown: unknown;
  try {
    call();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(StatsInputError);
  expect((thrown as StatsInputError).field).toBe(field);
  if (message) expect((thrown as StatsInputError).message).toMatch(message);
}
