/**
 * The options every iterative regression (Cox, Fine–Gray) checks the same way: a confidence level
 * in (0, 1), a non-negative whole number of iterations, a positive finite tolerance. Each names the
 * option (`options.<name>`) in its StatsInputError.
 */
import { StatsInputError } from './errors.js';

export function checkConfLevel(confLevel: number): number {
  if (!(confLevel > 0 && confLevel < 1)) throw new StatsInputError('options.confLevel', `must be between 0 and 1, got ${confLevel}`);
  return confLevel;
}

export function checkMaxIterations(maxIterations: number): number {
  if (!Number.isInteger(maxIterations) || maxIterations < 0) {
    throw new StatsInputError('options.maxIterations', `must be a non-negative integer, got ${maxIterations}`);
  }
  return maxIterations;
}

export function checkTolerance(name: string, tolerance: number): number {
  if (!(tolerance > 0 && Number.isFinite(tolerance))) throw new StatsInputError(`options.${name}`, `must be a positive number, got ${tolerance}`);
  return tolerance;
}
