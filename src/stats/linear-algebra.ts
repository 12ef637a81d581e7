/**
 * Small dense linear algebra on the engine's one matrix representation: an n x n Float64Array,
 * row-major, element (i, j) at i * n + j (a Cox information or variance matrix, a log-rank variance,
 * an RM-ANOVA error SSCP).
 *
 * Generalized Cholesky decomposition  A = F D F'  (F unit lower triangular, D diagonal):
 *   for column i = 1..n, with the Schur complement S = A - (eliminated columns):
 *     pivot D_i = S_ii; if D_i < toler * max_j A_jj (or is not finite) the column is redundant:
 *     D_i = 0 and it eliminates nothing; otherwise F_ji = S_ji / D_i and S_jk -= F_ji F_ki D_i (j, k > i).
 *   rank = number of non-zero D_i (returned negative when a pivot < -8 * toler * max A_jj shows
 *   that A is not non-negative definite).
 * Solve A b = y: forward F z = y, then b_i = 0 for a redundant i, else b = D^-1 z back-substituted
 *   through F'. This is a generalized inverse: redundant components of b are 0.
 * Inverse: G = F^-1 over the non-redundant columns, A^- = G' D^-1 G, with the rows and columns of
 *   redundant columns set to 0 (the inverse of the non-redundant submatrix, embedded).
 *
 * Conventions as R's survival package (3.5-3) src/cholesky2.c, src/chsolve2.c, src/chinv2.c, so that
 * the same columns are declared redundant as in coxph (toler.chol = .Machine$double.eps^0.75):
 *   - the tolerance is relative to the largest positive diagonal element (absolute if none is positive);
 *   - a redundant column keeps its partially reduced entries (S_ji, not divided) below the diagonal and
 *     the forward pass of the solve uses them, as chsolve2 does; they are of the order of
 *     sqrt(toler) relative, so this matters only for near-collinear data, where R's numbers are the target.
 * Storage: n x n row-major Float64Array, element (i, j) at i * n + j. The decomposition reads the upper
 * triangle and the diagonal, writes D on the diagonal and F below it, and leaves the upper triangle as it was.
 * Reference: Therneau & Grambsch (2000), Modeling Survival Data, §3.3 and appendix; Golub & Van Loan (2013) §4.1.
 *
 * LU solve as R's solve(A, b) (LAPACK dgesv: Doolittle LU with partial pivoting, Golub & Van Loan
 * §3.4), refusing what R refuses: a zero pivot, or a reciprocal 1-norm condition number
 * 1 / (||A||_1 ||A^-1||_1) below machine epsilon (R's "system is computationally singular"); the
 * inverse's norm is computed exactly from its columns (the matrices here are small).
 *
 * LDL' pivots of a symmetric positive semi-definite A = L D L' (Golub & Van Loan §4.1.2), plain
 * Gaussian elimination without a tolerance: det A = prod d_j, and a tiny pivot shows a (near-)singular A.
 */

/**
 * In-place generalized Cholesky decomposition A = F D F' of the symmetric matrix whose upper triangle
 * is in `matrix`. Returns the rank, negated if A is found not to be non-negative definite.
 */
export function choleskyDecompose(matrix: Float64Array, n: number, tolerance: number): number {
  let largestDiagonal = 0;
  for (let i = 0; i < n; i++) {
    const diagonal = matrix[i * n + i]!;
    if (diagonal > largestDiagonal) largestDiagonal = diagonal;
    for (let j = i + 1; j < n; j++) matrix[j * n + i] = matrix[i * n + j]!;
  }
  const threshold = largestDiagonal === 0 ? tolerance : largestDiagonal * tolerance;

  let rank = 0;
  let nonNegative = true;
  for (let i = 0; i < n; i++) {
    const pivot = matrix[i * n + i]!;
    if (!Number.isFinite(pivot) || pivot < threshold) {
      matrix[i * n + i] = 0;
      if (pivot < -8 * threshold) nonNegative = false;
      continue;
    }
    rank++;
    for (let j = i + 1; j < n; j++) {
      const multiplier = matrix[j * n + i]! / pivot; // F_ji
      matrix[j * n + i] = multiplier;
      matrix[j * n + j] = matrix[j * n + j]! - multiplier * multiplier * pivot;
      for (let k = j + 1; k < n; k++) {
        matrix[k * n + j] = matrix[k * n + j]! - multiplier * matrix[k * n + i]!;
      }
    }
  }
  return nonNegative ? rank : -rank;
}

/**
 * Solves A b = y in place (y is overwritten by b) from the output of choleskyDecompose.
 * Components of b for redundant columns are 0.
 */
export function choleskySolve(factor: Float64Array, n: number, y: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let value = y[i]!;
    for (let j = 0; j < i; j++) value -= y[j]! * factor[i * n + j]!;
    y[i] = value;
  }
  for (let i = n - 1; i >= 0; i--) {
    const pivot = factor[i * n + i]!;
    if (pivot === 0) {
      y[i] = 0;
      continue;
    }
    let value = y[i]! / pivot;
    for (let j = i + 1; j < n; j++) value -= y[j]! * factor[j * n + i]!;
    y[i] = value;
  }
}

/**
 * Writes into `inverse` (n x n, full and symmetric) the generalized inverse of A from the output of
 * choleskyDecompose: the inverse of the non-redundant submatrix, with zero rows and columns for the
 * redundant columns.
 */
export function choleskyInvert(factor: Float64Array, n: number, inverse: Float64Array): void {
  // G = F^-1 restricted to the non-redundant columns (unit lower triangular), stored row-major.
  const unitInverse = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    if (factor[k * n + k] === 0) continue;
    unitInverse[k * n + k] = 1;
    for (let i = k + 1; i < n; i++) {
      if (factor[i * n + i] === 0) continue;
      let value = 0;
      for (let m = k; m < i; m++) {
        if (factor[m * n + m] !== 0) value -= factor[i * n + m]! * unitInverse[m * n + k]!;
      }
      unitInverse[i * n + k] = value;
    }
  }
  for (let i = 0; i < n; i++) {
    for (let k = 0; k <= i; k++) {
      let value = 0;
      for (let m = i; m < n; m++) {
        const pivot = factor[m * n + m]!;
        if (pivot !== 0) value += (unitInverse[m * n + i]! * unitInverse[m * n + k]!) / pivot;
      }
      inverse[i * n + k] = value;
      inverse[k * n + i] = value;
    }
  }
}

/**
 * Solves A b = y for a symmetric non-negative definite A (full or upper triangle given), leaving A
 * and y untouched. Redundant columns (see choleskyDecompose) get b_i = 0.
 */
export function solveSymmetric(
  matrix: Float64Array,
  n: number,
  y: Float64Array,
  tolerance: number,
): { solution: Float64Array; rank: number } {
  const factor = Float64Array.from(matrix);
  const rank = choleskyDecompose(factor, n, tolerance);
  const solution = Float64Array.from(y);
  choleskySolve(factor, n, solution);
  return { solution, rank };
}

/**
 * x with A x = b, as R's solve(A, b) (see the header); null where R stops with "singular". A and b
 * are left untouched.
 */
export function luSolve(matrix: Float64Array, size: number, rhs: Float64Array): Float64Array | null {
  const lu = Float64Array.from(matrix);
  const pivot = new Int32Array(size);
  for (let column = 0; column < size; column++) {
    let best = column;
    for (let row = column + 1; row < size; row++) {
      if (Math.abs(lu[row * size + column]!) > Math.abs(lu[best * size + column]!)) best = row;
    }
    pivot[column] = best;
    if (lu[best * size + column] === 0) return null;
    if (best !== column) {
      for (let c = 0; c < size; c++) {
        const held = lu[column * size + c]!;
        lu[column * size + c] = lu[best * size + c]!;
        lu[best * size + c] = held;
      }
    }
    const diagonal = lu[column * size + column]!;
    for (let row = column + 1; row < size; row++) {
      const factor = (lu[row * size + column]! /= diagonal);
      for (let c = column + 1; c < size; c++) lu[row * size + c]! -= factor * lu[column * size + c]!;
    }
  }
  const solve = (b: Float64Array): Float64Array => {
    const x = Float64Array.from(b);
    for (let column = 0; column < size; column++) {
      const p = pivot[column]!;
      if (p !== column) [x[column], x[p]] = [x[p]!, x[column]!];
    }
    for (let row = 0; row < size; row++) {
      for (let c = 0; c < row; c++) x[row]! -= lu[row * size + c]! * x[c]!;
    }
    for (let row = size - 1; row >= 0; row--) {
      for (let c = row + 1; c < size; c++) x[row]! -= lu[row * size + c]! * x[c]!;
      x[row]! /= lu[row * size + row]!;
    }
    return x;
  };
  let normA = 0;
  let normInverse = 0;
  for (let column = 0; column < size; column++) {
    let sumA = 0;
    for (let row = 0; row < size; row++) sumA += Math.abs(matrix[row * size + column]!);
    normA = Math.max(normA, sumA);
    const unit = new Float64Array(size);
    unit[column] = 1;
    normInverse = Math.max(normInverse, solve(unit).reduce((sum, value) => sum + Math.abs(value), 0));
  }
  if (!(1 / (normA * normInverse) >= Number.EPSILON)) return null;
  return solve(rhs);
}

/** The pivots d_j of A = L D L' (see the header), A left untouched. */
export function ldlPivots(matrix: Float64Array, n: number): Float64Array {
  const a = Float64Array.from(matrix);
  const pivots = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const pivot = a[j * n + j]!;
    pivots[j] = pivot;
    for (let i = j + 1; i < n; i++) {
      const factor = pivot === 0 ? 0 : a[i * n + j]! / pivot;
      for (let c = j + 1; c < n; c++) a[i * n + c] = a[i * n + c]! - factor * a[j * n + c]!;
    }
  }
  return pivots;
}

/** target += v v' (n x n). */
export function addOuterProduct(target: Float64Array, n: number, v: ArrayLike<number>): void {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) target[i * n + j] = target[i * n + j]! + v[i]! * v[j]!;
  }
}

/** sum_i A_ii. */
export function trace(matrix: Float64Array, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += matrix[i * n + i]!;
  return sum;
}

/** sum_ij A_ij^2, summed row by row. */
export function frobeniusNormSquared(matrix: Float64Array, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    let row = 0;
    for (let j = 0; j < n; j++) row += matrix[i * n + j]! * matrix[i * n + j]!;
    sum += row;
  }
  return sum;
}
