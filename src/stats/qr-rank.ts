/**
 * Rank and solve of a small square matrix by Householder QR with R's limited column pivoting, as R's
 * qr() (LINPACK dqrdc2 with tol = 1e-7, src/appl/dqrdc2.f) and qr.coef() (dqrsl): the rank R reports
 * decides, e.g., whether cmprsk's Gray test declares its score variance singular.
 *
 * Householder reduction column by column (Golub & Van Loan 2013, §5.2); before reducing column l,
 * columns whose remaining norm has fallen below tol × their original norm (1 for a zero column) are
 * moved to the right edge, and each moved column lowers the rank by one. Norms of the remaining columns
 * are downdated after each step and recomputed when the downdate loses more than 1e-6 of the squared norm.
 * Storage: size x size, row-major Float64Array, element (i, j) at i * size + j; the input is not modified.
 */

/** R's qr() default tolerance. */
export const QR_RANK_TOLERANCE = 1e-7;

/** Squared-norm downdate below which dqrdc2 recomputes a column norm. */
const NORM_RECOMPUTE = 1e-6;

export interface QrDecomposition {
  size: number;
  rank: number;
  /** Reduced matrix (R above the diagonal, Householder vectors below), row-major. */
  factor: Float64Array;
  /** Householder scale per column (dqrdc2's qraux). */
  aux: Float64Array;
  /** pivot[j] = the original column now at position j. */
  pivot: Uint32Array;
}

export function qrDecompose(matrix: Float64Array, size: number, tolerance = QR_RANK_TOLERANCE): QrDecomposition {
  const x = Float64Array.from(matrix);
  const aux = new Float64Array(size);
  const originalNorm = new Float64Array(size);
  const pivot = new Uint32Array(size);
  for (let j = 0; j < size; j++) {
    aux[j] = columnNorm(x, size, j, 0);
    originalNorm[j] = aux[j] === 0 ? 1 : aux[j]!;
    pivot[j] = j;
  }
  let kept = size;
  for (let l = 0; l < size; l++) {
    while (l < kept && aux[l]! < originalNorm[l]! * tolerance) {
      moveColumnToEnd(x, size, l, [aux, originalNorm], pivot);
      kept--;
    }
    if (l === size - 1) continue;
    let householderNorm = columnNorm(x, size, l, l);
    if (householderNorm === 0) continue;
    const diagonal = x[l * size + l]!;
    if (diagonal !== 0) householderNorm = Math.sign(diagonal) * Math.abs(householderNorm);
    for (let i = l; i < size; i++) x[i * size + l]! /= householderNorm;
    x[l * size + l]! += 1;
    const pivotValue = x[l * size + l]!;
    for (let j = l + 1; j < size; j++) {
      let dot = 0;
      for (let i = l; i < size; i++) dot += x[i * size + l]! * x[i * size + j]!;
      const t = -dot / pivotValue;
      for (let i = l; i < size; i++) x[i * size + j]! += t * x[i * size + l]!;
      if (aux[j] === 0) continue;
      const ratio = Math.abs(x[l * size + j]!) / aux[j]!;
      const remaining = Math.max(1 - ratio * ratio, 0);
      if (Math.abs(remaining) >= NORM_RECOMPUTE) aux[j]! *= Math.sqrt(remaining);
      else {
        aux[j] = columnNorm(x, size, j, l + 1);
          }
    }
    aux[l] = x[l * size + l]!;
    x[l * size + l] = -householderNorm;
  }
  return { size, rank: Math.min(kept, size), factor: x, aux, pivot };
}

/** x with A x = b for a full-rank decomposition (qr.coef), in the original column order. */
export function qrSolve(qr: QrDecomposition, rhs: Float64Array): Float64Array {
  const { size, factor, aux, pivot } = qr;
  if (qr.rank < size) throw new RangeError('qrSolve needs a full-rank decomposition');
  const y = Float64Array.from(rhs);
  // y <- Q' y, one Householder reflection per column but the last (dqrsl).
  for (let l = 0; l < size - 1; l++) {
    if (aux[l] === 0) continue;
    const head = aux[l]!;
    let dot = head * y[l]!;
    for (let i = l + 1; i < size; i++) dot += factor[i * size + l]! * y[i]!;
    const t = -dot / head;
    y[l]! += t * head;
    for (let i = l + 1; i < size; i++) y[i]! += t * factor[i * size + l]!;
  }
  // Back substitution through R.
  for (let l = size - 1; l >= 0; l--) {
    let sum = y[l]!;
    for (let j = l + 1; j < size; j++) sum -= factor[l * size + j]! * y[j]!;
    y[l] = sum / factor[l * size + l]!;
  }
  const solution = new Float64Array(size);
  for (let j = 0; j < size; j++) solution[pivot[j]!] = y[j]!;
  return solution;
}

function columnNorm(x: Float64Array, size: number, column: number, fromRow: number): number {
  let sum = 0;
  for (let i = fromRow; i < size; i++) sum += x[i * size + column]! * x[i * size + column]!;
  return Math.sqrt(sum);
}

/** Moves column l to the right edge, shifting the others left, and the per-column values with it. */
function moveColumnToEnd(x: Float64Array, size: number, l: number, perColumn: Float64Array[], pivot: Uint32Array): void {
  for (let i = 0; i < size; i++) {
    const row = i * size;
    const moved = x[row + l]!;
    for (let j = l + 1; j < size; j++) x[row + j - 1] = x[row + j]!;
    x[row + size - 1] = moved;
  }
  for (const values of perColumn) {
    const moved = values[l]!;
    values.copyWithin(l, l + 1);
    values[size - 1] = moved;
  }
  const movedColumn = pivot[l]!;
  pivot.copyWithin(l, l + 1);
  pivot[size - 1] = movedColumn;
}
