/**
 * Reading competing-risks status columns and requested times, for cumulative-incidence.ts and
 * gray-test.ts.
 *
 * Status coding (the golden cases' and R's): 0 = censored, a positive integer k = failure from cause k.
 * The causes are, as R builds them:
 *  - by default the distinct non-zero statuses in numeric order (cmprsk::cuminc's
 *    sort(unique(fstatus[fstatus != cencode])), and the states of survfit's
 *    Surv(time, factor(status)) when the factor's levels are 0 and the causes present);
 *  - when declared (`causes`, survfit's factor(status, levels = c(0, causes))), the declared causes
 *    in the declared order; a declared cause with no event is still a state (a curve that stays 0).
 *    A non-zero status outside the declared causes would be NA in R's factor and its row silently
 *    dropped: here it is an input error.
 * Each row gets a code: 0 for censored, j + 1 for the j-th cause of the list.
 * Sources: survival 3.5-3 R/survfitCI.R (states of a multi-state Surv), cmprsk 2.2-11 R/cmprsk.R (cuminc).
 */
import { StatsInputError } from './errors.js';
import { readColumn } from './survival-data.js';

export interface CauseCoding {
  /** The causes, in the order of their codes. */
  causes: number[];
  /** Per input row: 0 = censored, j + 1 = causes[j]. */
  code: Uint32Array;
}

/**
 * Reads a status column of `length` rows (0 or a positive integer each) and codes it by cause.
 * `declared` (possibly null) fixes the causes and their order, as survfit's factor levels.
 */
export function readCauseStatus(field: string, value: unknown, length: number, declared: unknown = null): CauseCoding {
  const column = readColumn(field, value);
  if (column.length !== length) throw new StatsInputError(field, `has ${column.length} values for ${length} times`);
  const declaredCauses = declared === null || declared === undefined ? null : readDeclaredCauses(declared);
  const position = new Map<number, number>();
  declaredCauses?.forEach((cause, j) => position.set(cause, j + 1));
  const code = new Uint32Array(length);
  for (let i = 0; i < length; i++) {
    const status = column[i];
    if (status === 0) continue;
    let j = position.get(status as number);
    if (j === undefined) {
      if (typeof status !== 'number' || !Number.isInteger(status) || status < 0) {
        throw new StatsInputError(field, `element ${i} is ${String(status)}, not 0 (censored) or a positive integer cause`);
      }
      if (declaredCauses !== null) {
        throw new StatsInputError(field, `element ${i} is cause ${status}, which is not among causes (${declaredCauses.join(', ')})`);
      }
      j = position.size + 1;
      position.set(status, j);
    }
    code[i] = j;
  }
  if (declaredCauses !== null) return { causes: declaredCauses, code };
  // Codes were handed out in order of appearance: renumber them in numeric order of the causes.
  const causes = [...position.keys()].sort((a, b) => a - b);
  const rank = new Uint32Array(causes.length + 1);
  causes.forEach((cause, j) => { rank[position.get(cause)!] = j + 1; });
  for (let i = 0; i < length; i++) code[i] = rank[code[i]!]!;
  return { causes, code };
}

function readDeclaredCauses(value: unknown): number[] {
  const column = readColumn('causes', value);
  if (column.length === 0) throw new StatsInputError('causes', 'is empty: list at least one cause');
  const causes: number[] = [];
  for (let i = 0; i < column.length; i++) {
    const cause = column[i];
    if (typeof cause !== 'number' || !Number.isInteger(cause) || cause <= 0) {
      throw new StatsInputError('causes', `element ${i} is ${String(cause)}, not a positive integer`);
    }
    if (causes.includes(cause)) throw new StatsInputError('causes', `lists cause ${cause} twice`);
    causes.push(cause);
  }
  return causes;
}

/** Requested times (finite numbers), sorted ascending as summary.survfit sorts them; null when not asked for. */
export function readRequestedTimes(field: string, value: unknown): number[] | null {
  if (value === undefined || value === null) return null;
  const column = readColumn(field, value);
  const times: number[] = [];
  for (let i = 0; i < column.length; i++) {
    const t = column[i];
    if (typeof t !== 'number' || !Number.isFinite(t)) throw new StatsInputError(field, `element ${i} is not a finite number`);
    times.push(t);
  }
  return times.sort((a, b) => a - b);
}
