/**
 * The covariates of a regression (Cox, Fine–Gray) as the engine receives them: already coded numeric
 * columns (dummies, interaction products) by name, each finite and one value per subject. The
 * names, in the object's order, are the model's terms.
 */
import { StatsInputError } from './errors.js';

/** The covariate columns, each finite and `n` long; at least one. */
export function readCovariateColumns(
  covariates: Readonly<Record<string, ArrayLike<number>>>,
  n: number,
): { names: string[]; columns: ArrayLike<number>[] } {
  const names = Object.keys(covariates);
  if (names.length === 0) throw new StatsInputError('covariates', 'at least one covariate is needed');
  const columns = names.map((name) => {
    const column = covariates[name]!;
    const field = `covariates.${name}`;
    if (column.length !== n) throw new StatsInputError(field, `has ${column.length} values, time has ${n}`);
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(column[i])) {
        throw new StatsInputError(field, `value ${i + 1} is not a finite number (${String(column[i])})`);
      }
    }
    return column;
  });
  return { names, columns };
}
