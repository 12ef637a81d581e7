/**
 * Generalized Cholesky (LDL') with redundant-column detection, solve and inverse: small matrices
 * worked by hand, the singular and indefinite cases R's cholesky2 distinguishes, and a seeded property.
 * Also R's solve() (LU), the plain LDL' pivots and the small helpers of the one matrix representation.
 */
import { describe, expect, test } from 'vitest';
import {
  addOuterProduct,
  choleskyDecompose,
  choleskyInvert,
  choleskySolve,
  frobeniusNormSquared,
  ldlPivots,
  luSolve,
  solveSymmetric,
  trace,
} from '../../src/stats/linear-algebra.js';
import { mulberry32 } from '../helpers/prng.js';

/** coxph.control()$toler.chol = .Machine$double.eps^0.75. */
const TOLERANCE = Number.EPSILON ** 0.75;
/** Exact small-integer arithmetic in the hand cases leaves only a few ulps of round-off. */
const ROUND_OFF = 1e-13;

function matrix(rows: number[][]): Float64Array {
  return Float64Array.from(rows.flat());
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance = ROUND_OFF): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    expect(Math.abs(actual[i]! - expected[i]!)).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(expected[i]!)));
  }
}

describe('worked by hand', () => {
  // A = [[4,2,2],[2,5,3],[2,3,6]]: D_1 = 4, F_21 = F_31 = 1/2; Schur complement [[4,2],[2,5]]:
  // D_2 = 4, F_32 = 1/2; last pivot 5 - (1/2)^2 4 = 4. So A = F diag(4,4,4) F'.
  const a = [
    [4, 2, 2],
    [2, 5, 3],
    [2, 3, 6],
  ];

  test('LDL\' factors, full rank, upper triangle untouched', () => {
    const work = matrix(a);
    expect(choleskyDecompose(work, 3, TOLERANCE)).toBe(3);
    expectClose(work, matrix([
      [4, 2, 2],
      [0.5, 4, 3],
      [0.5, 0.5, 4],
    ]));
  });

  test('solve A b = A (1, 2, 3)\' gives (1, 2, 3)', () => {
    const work = matrix(a);
    choleskyDecompose(work, 3, TOLERANCE);
    const y = Float64Array.from([14, 21, 26]);
    choleskySolve(work, 3, y);
    expectClose(y, [1, 2, 3]);
  });

  test('inverse: A A^-1 = I, symmetric', () => {
    const work = matrix(a);
    choleskyDecompose(work, 3, TOLERANCE);
    const inverse = new Float64Array(9);
    choleskyInvert(work, 3, inverse);
    const product = new Float64Array(9);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        for (let k = 0; k < 3; k++) product[i * 3 + j]! += a[i]![k]! * inverse[k * 3 + j]!;
      }
    }
    expectClose(product, matrix([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]));
    expect(inverse[1]).toBe(inverse[3]);
    expect(inverse[2]).toBe(inverse[6]);
  });
});

describe('redundant columns', () => {
  // B: column 3 = column 1 + column 2. Pivots 4, 4 (as above), then 13 - (3/2)^2 4 - 1^2 4 = 0: redundant.
  const b = [
    [4, 2, 6],
    [2, 5, 7],
    [6, 7, 13],
  ];

  test('rank 2; the solve sets the redundant component to 0', () => {
    const work = matrix(b);
    expect(choleskyDecompose(work, 3, TOLERANCE)).toBe(2);
    expect(work[8]).toBe(0);
    const y = Float64Array.from([6, 7, 13]); // B (1, 1, 0)'
    choleskySolve(work, 3, y);
    expectClose(y, [1, 1, 0]);
  });

  test('the inverse is that of the leading 2 x 2 block, with a zero row and column', () => {
    const work = matrix(b);
    choleskyDecompose(work, 3, TOLERANCE);
    const inverse = new Float64Array(9).fill(Number.NaN);
    choleskyInvert(work, 3, inverse);
    // [[4,2],[2,5]]^-1 = [[5,-2],[-2,4]] / 16
    expectClose(inverse, matrix([
      [5 / 16, -2 / 16, 0],
      [-2 / 16, 4 / 16, 0],
      [0, 0, 0],
    ]));
  });

  test('a zero column anywhere (e.g. a constant covariate) is redundant', () => {
    const work = matrix([
      [2, 0, 1],
      [0, 0, 0],
      [1, 0, 3],
    ]);
    expect(choleskyDecompose(work, 3, TOLERANCE)).toBe(2);
    const y = Float64Array.from([3, 0, 4]); // (1, anything, 1)
    choleskySolve(work, 3, y);
    expectClose(y, [1, 0, 1]);
  });

  test('the tolerance is relative to the largest diagonal element', () => {
    expect(choleskyDecompose(matrix([[1, 0], [0, 1e-13]]), 2, TOLERANCE)).toBe(1);
    expect(choleskyDecompose(matrix([[1e-20, 0], [0, 1e-20]]), 2, TOLERANCE)).toBe(2);
    expect(choleskyDecompose(matrix([[0, 0], [0, 0]]), 2, TOLERANCE)).toBe(0);
  });

  test('a matrix that is not non-negative definite gives a negative rank', () => {
    // [[1,2],[2,1]]: second pivot 1 - 4 = -3
    expect(choleskyDecompose(matrix([[1, 2], [2, 1]]), 2, TOLERANCE)).toBe(-1);
  });
});

describe('solveSymmetric', () => {
  test('leaves its arguments untouched and reports the rank', () => {
    const a = matrix([
      [4, 2],
      [2, 5],
    ]);
    const y = Float64Array.from([8, 10]);
    const { solution, rank } = solveSymmetric(a, 2, y, TOLERANCE);
    expectClose(solution, [1.25, 1.5]);
    expect(rank).toBe(2);
    expect(Array.from(a)).toEqual([4, 2, 2, 5]);
    expect(Array.from(y)).toEqual([8, 10]);
  });
});

describe('seeded property: A (A^-1 y) = y for random symmetric positive definite A', () => {
  test.each([1, 2, 3, 4, 5])('seed %i', (seed) => {
    const random = mulberry32(seed);
    const n = 2 + Math.floor(random() * 6);
    const m = Array.from({ length: n * n }, () => random() * 2 - 1);
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let sum = i === j ? 0.5 : 0;
        for (let k = 0; k < n; k++) sum += m[i * n + k]! * m[j * n + k]!;
        a[i * n + j] = sum;
      }
    }
    const y = Float64Array.from({ length: n }, () => random());
    const { solution, rank } = solveSymmetric(a, n, y, TOLERANCE);
    expect(rank).toBe(n);
    const back = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) back[i]! += a[i * n + j]! * solution[j]!;
    expectClose(back, y, 1e-10);

    const factor = Float64Array.from(a);
    choleskyDecompose(factor, n, TOLERANCE);
    const inverse = new Float64Array(n * n);
    choleskyInvert(factor, n, inverse);
    const viaInverse = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) viaInverse[i]! += inverse[i * n + j]! * y[j]!;
    expectClose(viaInverse, solution, 1e-9);
  });
});

describe("luSolve: R's solve(A, b)", () => {
  test('solves by hand, with a row exchange (the first pivot is 0)', () => {
    // [[0, 2, 1], [1, 1, 0], [2, 0, 3]] (1, 2, 3)' = (0 + 4 + 3, 1 + 2, 2 + 9) = (7, 3, 11).
    const a = matrix([[0, 2, 1], [1, 1, 0], [2, 0, 3]]);
    expectClose(luSolve(a, 3, Float64Array.of(7, 3, 11))!, [1, 2, 3]);
    expect(Array.from(a)).toEqual([0, 2, 1, 1, 1, 0, 2, 0, 3]);
  });

  test('refuses an exactly singular and a computationally singular matrix, as R does', () => {
    expect(luSolve(matrix([[1, 2], [2, 4]]), 2, Float64Array.of(1, 2))).toBeNull();
    // reciprocal condition number ~ 1e-17 < eps: R's "system is computationally singular"
    expect(luSolve(matrix([[1, 1], [1, 1 + 1e-17 * 4]]), 2, Float64Array.of(1, 2))).toBeNull();
    expect(luSolve(matrix([[1, 1], [1, 1 + 1e-12]]), 2, Float64Array.of(1, 2))).not.toBeNull();
  });
});

describe('ldlPivots and helpers', () => {
  test('pivots of A = L D L\' by hand, their product the determinant', () => {
    // [[4, 2], [2, 3]]: d1 = 4, d2 = 3 - 2 * 2 / 4 = 2; det = 8.
    expect(Array.from(ldlPivots(matrix([[4, 2], [2, 3]]), 2))).toEqual([4, 2]);
    const pivots = ldlPivots(matrix([[4, 2, 0], [2, 5, 3], [0, 3, 6]]), 3);
    expectClose([pivots[0]! * pivots[1]! * pivots[2]!], [4 * (5 * 6 - 9) - 2 * (2 * 6)]);
  });

  test('outer product, trace and squared Frobenius norm', () => {
    const m = new Float64Array(4);
    addOuterProduct(m, 2, [1, 2]);
    addOuterProduct(m, 2, [3, -1]);
    expect(Array.from(m)).toEqual([10, -1, -1, 5]);
    expect(trace(m, 2)).toBe(15);
    expect(frobeniusNormSquared(m, 2)).toBe(127);
  });
});
