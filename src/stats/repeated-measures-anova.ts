/**
 * One-way repeated-measures ANOVA (k timepoints per subject), optionally with one between-subjects
 * factor, as SPSS GLM Repeated Measures and R car 3.1-1 `Anova(mlm, idesign = ~time, type = 3)` /
 * `summary.Anova.mlm` (what afex 1.2-1 `aov_ez` prints). Spec: docs/statistics-spec.md §5.
 *
 * Data: Y (N x k), subject i in group h(i) of g groups (g = 1 without a between factor).
 * Listwise deletion: a subject with any missing value, or a missing group, is dropped (SPSS GLM,
 * afex, car on an mlm); groups are the levels seen among the remaining subjects (a level left empty
 * by the deletion is dropped, as afex's droplevels). Levels are compared as strings.
 *
 * Multivariate formulation (spec §5.1): M = k x p orthonormal contrasts orthogonal to 1 (here
 * Helmert; every orthonormal M gives the same results), p = k - 1, z_i = M'y_i.
 *   E      = sum_i (z_i - zbar_h(i))(z_i - zbar_h(i))'          error SSCP, nu = N - g
 *   H_time = g^2 mu mu' / sum_h (1/n_h),  mu = (1/g) sum_h zbar_h  Type III, unweighted group means
 *   H_int  = sum_h n_h (zbar_h - zbar)(zbar_h - zbar)'           time x group, df (g - 1)
 *   F = (tr H / (p df_L)) / (tr E / (p nu)), df1 = p df_L, df2 = p nu  ("sphericity assumed")
 * Without a group this is SS_time = N sum_j (ybar_.j - ybar)^2 and
 * SS_error = sum_ij (y_ij - ybar_i. - ybar_.j + ybar)^2 on (k - 1), (N - 1)(k - 1) df.
 * Between-subjects effect: one-way ANOVA of s_i = sum_j y_ij / sqrt(k) on the groups (SPSS's and
 * car's scale for the subject total).
 *
 * Sphericity (spec §5.2):
 *   Greenhouse-Geisser  eps_GG = tr(E)^2 / (p tr(E^2))      (Greenhouse & Geisser 1959)
 *   Huynh-Feldt, Lecoutre's correction (Lecoutre 1991; car's HF(), R's stats:::sphericity):
 *                       eps_HF = ((nu + 1) p eps_GG - 2) / (p (nu - p eps_GG))
 *   Huynh-Feldt, original (Huynh & Feldt 1976 eq. 3.3; believed to be what SPSS prints):
 *                       eps_HF = (N p eps_GG - 2) / (p (nu - p eps_GG))
 *   (the two agree without a between factor). Corrected tests keep F and use eps df1, eps df2.
 *   eps_HF may exceed 1: `huynhFeldt.epsilon` is car's value as computed (what car prints as
 *   "HF eps"), while its test, df1 and df2 use min(1, eps_HF), as car's Pr(>F[HF]) does
 *   (car 3.1-1 R/Anova.R, summary.Anova.mlm: pf(F, pmin(1, HF) df1, pmin(1, HF) df2)).
 *   The SPSS variant reports its epsilon capped, as SPSS prints it. k = 2: every epsilon is 1.
 *   Lower bound 1/p.
 * Mauchly (Mauchly 1940; R's stats:::mauchly.test.SSD and car, spec §5.2):
 *   W = det(E) / (tr(E)/p)^p, rho = 1 - (2p^2 + p + 2) / (6 p nu), chi2 = -nu rho ln W,
 *   f = p(p + 1)/2 - 1, p-value = P1 + w2 (P2 - P1), P1 = P(chi2_f > chi2), P2 = P(chi2_{f+4} > chi2),
 *   w2 = (p + 2)(p - 1)(p - 2)(2p^3 + 6p^2 + 3k + 2) / (288 (nu p rho)^2)
 *   R writes 3k (k = columns of the SSD) where Anderson (2003, §10.7.4) has 3p; w2 = 0 for k = 3.
 *   Undefined (null) for k = 2.
 * Singular E (always when nu < p): car reports neither epsilons nor Mauchly (NA, with placeholder
 * p-values of 0), so GG, HF and Mauchly are null here; E counts as singular when a pivot of its
 * LDL' factorisation is below sqrt(DBL_EPSILON) times its largest diagonal (car: an eigenvalue below
 * sqrt(DBL_EPSILON) in absolute terms, which depends on the scale of the data).
 * SPSS variants (`spss`, [UNVERIFIED] against SPSS 24, spec §9; test/golden/vectors/rm_spss_style.R):
 * the original Huynh-Feldt epsilon with its p-values, Greenhouse-Geisser also when E is singular
 * (spec §5.2: SPSS still prints the epsilons), and Mauchly's p as the plain chi-square tail and with
 * Anderson's second-order term (3p).
 *
 * "Cannot be estimated" gives null with a warning: F and sphericity without error variance (tr E at
 * most DBL_EPSILON times the within-subject total sum_i |z_i|^2: the data fit subject + time up to
 * rounding, where R would print an F of 1e30), the corrections and Mauchly for a singular E, a Huynh-Feldt epsilon whose denominator nu - p eps_GG is not positive
 * (R prints a negative epsilon and NaN p), between/interaction tests when fewer than 2 groups remain.
 * Errors (StatsInputError) only for bad input, including fewer than g + 1 complete subjects (nu < 1).
 */
import { chiSquareUpperTail, fUpperTail } from './distributions.js';
import { StatsInputError } from './errors.js';
import { addOuterProduct, frobeniusNormSquared, ldlPivots, trace } from './linear-algebra.js';

export interface RepeatedMeasuresAnovaInput {
  /** One row per subject, one column per timepoint; null = missing. */
  values: (number | null)[][];
  /** Between-subjects group per subject (e.g. tumour-burden class); null entry = missing. */
  between?: (string | number | null)[] | null;
}

/** The procedure has no options; the parameter keeps the engine's (input, options) signature. */
export type RepeatedMeasuresAnovaOptions = Readonly<Record<string, never>>;

export interface RepeatedMeasuresCorrection {
  epsilon: number | null;
  df1: number | null;
  df2: number | null;
  p: number | null;
}

export interface RepeatedMeasuresHuynhFeldt extends RepeatedMeasuresCorrection {
  /** car's epsilon, uncapped (may exceed 1); df1, df2 and p use min(1, epsilon). */
  epsilon: number | null;
  /** The same value as `epsilon` (the field predates the uncapped `epsilon`). */
  uncappedEpsilon: number | null;
}

export interface RepeatedMeasuresWithinTest {
  sumOfSquares: number;
  errorSumOfSquares: number;
  df1: number;
  df2: number;
  F: number | null;
  p: number | null;
  partialEtaSquared: number | null;
  greenhouseGeisser: RepeatedMeasuresCorrection;
  /** Lecoutre's Huynh-Feldt (car, afex, R). */
  huynhFeldt: RepeatedMeasuresHuynhFeldt;
  lowerBound: RepeatedMeasuresCorrection;
}

export interface RepeatedMeasuresBetweenTest {
  sumOfSquares: number;
  errorSumOfSquares: number;
  df1: number;
  df2: number;
  F: number | null;
  p: number | null;
  partialEtaSquared: number | null;
}

export interface RepeatedMeasuresMauchly {
  W: number;
  chiSquare: number;
  df: number;
  /** R/car's p-value (second-order term with 3k). */
  p: number;
}

export interface RepeatedMeasuresTimepoint {
  n: number;
  mean: number;
  /** Sample SD (n - 1); null for a single subject. */
  sd: number | null;
}

export interface RepeatedMeasuresGroup {
  level: string;
  n: number;
  timepoints: RepeatedMeasuresTimepoint[];
}

export interface RepeatedMeasuresSpssEpsilon {
  epsilon: number | null;
  /** Corrected test of time. */
  time: RepeatedMeasuresCorrection;
  /** Corrected test of time x group; null without one. */
  interaction: RepeatedMeasuresCorrection | null;
}

export interface RepeatedMeasuresSpss {
  /** Computed even when E is singular (SPSS prints it; car does not). */
  greenhouseGeisser: RepeatedMeasuresSpssEpsilon;
  /** Original Huynh & Feldt (1976) epsilon, capped at 1 (and as computed). */
  huynhFeldt: RepeatedMeasuresSpssEpsilon & { uncappedEpsilon: number | null };
  mauchly: RepeatedMeasuresSpssMauchly | null;
}

export interface RepeatedMeasuresSpssMauchly {
  chiSquare: number;
  df: number;
  /** Plain chi-square tail P(chi2_f > chi2). */
  p: number;
  /** With Anderson's second-order term (3p). */
  pAnderson: number;
}

export interface RepeatedMeasuresAnovaResult extends RepeatedMeasuresWithinTest {
  /** Subjects kept after listwise deletion. */
  nComplete: number;
  /** Row indices (0-based) of the subjects dropped by listwise deletion. */
  excludedRows: number[];
  /** Number of timepoints k. */
  timepointCount: number;
  mauchly: RepeatedMeasuresMauchly | null;
  /** Mean and SD per timepoint over the complete subjects. */
  timepoints: RepeatedMeasuresTimepoint[];
  /** Per group (in order of first appearance); null without a between factor. */
  groups: RepeatedMeasuresGroup[] | null;
  /** Between-subjects effect of the group; null without one or with fewer than 2 groups left. */
  between: RepeatedMeasuresBetweenTest | null;
  /** Time x group; null without a between factor or with fewer than 2 groups left. */
  interaction: RepeatedMeasuresWithinTest | null;
  spss: RepeatedMeasuresSpss;
  warnings: string[];
}

type Matrix = number[][];

/** sqrt(DBL_EPSILON), car's (and R's usual) rank tolerance. */
const SINGULARITY_TOLERANCE = Math.sqrt(Number.EPSILON);

export function repeatedMeasuresAnova(
  input: RepeatedMeasuresAnovaInput,
  _options: RepeatedMeasuresAnovaOptions = {},
): RepeatedMeasuresAnovaResult {
  const { rows, groupOf, excludedRows, hasBetween, allLevels } = completeSubjects(input);
  const warnings: string[] = [];
  const n = rows.length;
  const k = rows[0]?.length ?? 0;
  const p = k - 1;

  const levels = [...new Set(groupOf)];
  const g = levels.length;
  const nu = n - g;
  if (nu < 1) {
    throw new StatsInputError(
      'values',
      `too few complete subjects: ${n} left after listwise deletion, need at least ${g + 1}` +
        (g > 1 ? ` for ${g} groups` : ''),
    );
  }
  for (const level of allLevels) {
    if (!levels.includes(level)) warnings.push(`group "${level}" has no complete subjects and was dropped`);
  }
  if (hasBetween && g < 2) {
    warnings.push('fewer than 2 groups remain after listwise deletion: between-subjects and interaction tests not estimable');
  }

  const contrasts = helmertContrasts(k);
  const z = rows.map((y) => contrasts.map((column) => dot(column, y)));
  const members = levels.map((level) => z.filter((_, i) => groupOf[i] === level));
  const groupMeans = members.map(columnMeans);
  const groupSizes = members.map((m) => m.length);

  const error = new Float64Array(p * p); // E, p x p
  for (const [i, zi] of z.entries()) {
    const centre = groupMeans[levels.indexOf(groupOf[i] ?? '')] ?? [];
    addOuterProduct(error, p, zi.map((v, j) => v - (centre[j] ?? 0)));
  }
  const errorTrace = trace(error, p);

  const unweightedMean = columnMeans(groupMeans);
  const harmonicFactor = groupSizes.reduce((s, size) => s + 1 / size, 0);
  const timeSs = (g * g * dot(unweightedMean, unweightedMean)) / harmonicFactor;

  // car marks E singular when an eigenvalue is below sqrt(DBL_EPSILON) in absolute terms (a
  // scale-dependent rule); here when an LDL' pivot is below that fraction of E's largest diagonal.
  // Always so when nu < p. car then reports no epsilons and no Mauchly test.
  const pivots = p >= 2 ? Array.from(ldlPivots(error, p)) : [];
  let largestDiagonal = 0;
  for (let j = 0; j < p; j++) largestDiagonal = Math.max(largestDiagonal, error[j * p + j]!);
  // Residuals that are rounding noise (data fitting subject + time exactly) leave nothing to test.
  const withinTotal = z.reduce((acc, zi) => acc + dot(zi, zi), 0);
  const noErrorVariance = errorTrace <= Number.EPSILON * withinTotal;
  const singular = noErrorVariance || pivots.some((pivot) => !(pivot > SINGULARITY_TOLERANCE * largestDiagonal));
  const gg = p === 1 ? 1 : (errorTrace * errorTrace) / (p * frobeniusNormSquared(error, p));
  const hfLecoutre = p === 1 ? 1 : ((nu + 1) * p * gg - 2) / (p * (nu - p * gg));
  const hfOriginal = p === 1 ? 1 : (n * p * gg - 2) / (p * (nu - p * gg));
  const epsilons: Epsilons = {
    gg: singular ? null : positiveFinite(gg),
    hf: singular ? null : positiveFinite(hfLecoutre),
    lowerBound: 1 / p,
  };
  const spssGg = noErrorVariance ? null : positiveFinite(gg);
  const spssHf = noErrorVariance ? null : positiveFinite(hfOriginal);
  if (noErrorVariance) {
    warnings.push('no within-subject error variance (the data fit subject + time exactly): F and sphericity not estimable');
  } else if (singular) {
    warnings.push(
      `error SSCP matrix is singular (${nu} error df, k - 1 = ${p}): Greenhouse-Geisser, Huynh-Feldt and ` +
        "Mauchly's test not estimable, as in car; the spss variants still give the epsilons",
    );
  } else if (epsilons.hf === null) {
    warnings.push('Huynh-Feldt epsilon not estimable: nu - p * eps_GG <= 0');
  }

  const time = withinTest(timeSs, p, noErrorVariance ? 0 : errorTrace, p * nu, epsilons);

  let interaction: RepeatedMeasuresWithinTest | null = null;
  let between: RepeatedMeasuresBetweenTest | null = null;
  if (g >= 2) {
    const grandMean = columnMeans(z);
    let interactionSs = 0;
    for (const [h, mean] of groupMeans.entries()) {
      const deviation = mean.map((v, j) => v - (grandMean[j] ?? 0));
      interactionSs += (groupSizes[h] ?? 0) * dot(deviation, deviation);
    }
    interaction = withinTest(interactionSs, p * (g - 1), noErrorVariance ? 0 : errorTrace, p * nu, epsilons);
    between = betweenTest(rows, groupOf, levels);
  }

  let mauchly: RepeatedMeasuresMauchly | null = null;
  let spssMauchly: RepeatedMeasuresSpssMauchly | null = null;
  if (p >= 2 && !singular) {
    const logDeterminant = pivots.reduce((s, pivot) => s + Math.log(pivot), 0);
    const m = mauchlyTest(logDeterminant, errorTrace, p, k, nu);
    mauchly = { W: m.W, chiSquare: m.chiSquare, df: m.df, p: m.pR };
    spssMauchly = { chiSquare: m.chiSquare, df: m.df, p: m.pPlain, pAnderson: m.pAnderson };
  }

  const spssCorrections = (epsilon: number | null) => ({
    time: corrected(time.F, time.df1, time.df2, epsilon),
    interaction: interaction && corrected(interaction.F, interaction.df1, interaction.df2, epsilon),
  });
  const spss: RepeatedMeasuresSpss = {
    greenhouseGeisser: { epsilon: spssGg, ...spssCorrections(spssGg) },
    huynhFeldt: { epsilon: capped(spssHf), uncappedEpsilon: spssHf, ...spssCorrections(capped(spssHf)) },
    mauchly: spssMauchly,
  };

  return {
    nComplete: n,
    excludedRows,
    timepointCount: k,
    ...time,
    mauchly,
    timepoints: describe(rows),
    groups: hasBetween
      ? levels.map((level) => {
          const groupRows = rows.filter((_, i) => groupOf[i] === level);
          return { level, n: groupRows.length, timepoints: describe(groupRows) };
        })
      : null,
    between,
    interaction,
    spss,
    warnings,
  };
}

interface CompleteSubjects {
  rows: Matrix;
  groupOf: string[];
  excludedRows: number[];
  hasBetween: boolean;
  /** Every group level given, complete subjects or not. */
  allLevels: string[];
}

function completeSubjects(input: RepeatedMeasuresAnovaInput): CompleteSubjects {
  const { values, between } = input;
  if (!Array.isArray(values) || values.length === 0) {
    throw new StatsInputError('values', 'must be a non-empty array of subjects (rows)');
  }
  const hasBetween = between !== null && between !== undefined;
  if (hasBetween && (!Array.isArray(between) || between.length !== values.length)) {
    throw new StatsInputError(
      'between',
      `must have one entry per subject: ${values.length} subjects, ${Array.isArray(between) ? between.length : 'no array'} given`,
    );
  }
  const k = Array.isArray(values[0]) ? values[0].length : 0;
  if (k < 2) throw new StatsInputError('values', `need at least 2 timepoints (columns), got ${k}`);

  const rows: Matrix = [];
  const groupOf: string[] = [];
  const excludedRows: number[] = [];
  const allLevels = new Set<string>();
  for (const [i, row] of values.entries()) {
    if (!Array.isArray(row) || row.length !== k) {
      throw new StatsInputError('values', `rows have different lengths (row 1: ${k}, row ${i + 1}: ${Array.isArray(row) ? row.length : 'not an array'})`);
    }
    let complete = true;
    for (const [j, v] of row.entries()) {
      if (v === null) complete = false;
      else if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new StatsInputError('values', `row ${i + 1}, timepoint ${j + 1} is ${String(v)}: values must be finite numbers or null`);
      }
    }
    const level = hasBetween ? between[i] : '';
    if (level === null || level === undefined) complete = false;
    else if (typeof level === 'number' ? !Number.isFinite(level) : typeof level !== 'string') {
      throw new StatsInputError('between', `entry ${i + 1} is ${String(level)}: groups must be strings, finite numbers or null`);
    } else if (hasBetween) allLevels.add(String(level));
    if (complete) {
      rows.push(row as number[]);
      groupOf.push(String(level));
    } else {
      excludedRows.push(i);
    }
  }
  return { rows, groupOf, excludedRows, hasBetween, allLevels: [...allLevels] };
}

interface Epsilons {
  gg: number | null;
  hf: number | null;
  lowerBound: number;
}

/** F = (SS / df1) / (SS_error / df2), its upper-tail P, and partial eta² = SS / (SS + SS_error). */
function fTest(ss: number, df1: number, errorSs: number, df2: number): RepeatedMeasuresBetweenTest {
  const F = finiteOrNull(ss / df1 / (errorSs / df2));
  return {
    sumOfSquares: ss,
    errorSumOfSquares: errorSs,
    df1,
    df2,
    F,
    p: F === null ? null : fUpperTail(F, df1, df2),
    partialEtaSquared: finiteOrNull(ss / (ss + errorSs)),
  };
}

function withinTest(ss: number, df1: number, errorSs: number, df2: number, eps: Epsilons): RepeatedMeasuresWithinTest {
  const test = fTest(ss, df1, errorSs, df2);
  const F = test.F;
  return {
    ...test,
    greenhouseGeisser: corrected(F, df1, df2, eps.gg),
    huynhFeldt: { ...corrected(F, df1, df2, capped(eps.hf)), epsilon: eps.hf, uncappedEpsilon: eps.hf },
    lowerBound: corrected(F, df1, df2, eps.lowerBound),
  };
}

function corrected(F: number | null, df1: number, df2: number, epsilon: number | null): RepeatedMeasuresCorrection {
  if (epsilon === null) return { epsilon: null, df1: null, df2: null, p: null };
  return {
    epsilon,
    df1: epsilon * df1,
    df2: epsilon * df2,
    p: F === null ? null : fUpperTail(F, epsilon * df1, epsilon * df2),
  };
}

function betweenTest(rows: Matrix, groupOf: string[], levels: string[]): RepeatedMeasuresBetweenTest {
  const scale = Math.sqrt(rows[0]?.length ?? 1);
  const totals = rows.map((y) => y.reduce((s, v) => s + v, 0) / scale);
  const grand = mean(totals);
  let ss = 0;
  let errorSs = 0;
  for (const level of levels) {
    const inGroup = totals.filter((_, i) => groupOf[i] === level);
    const groupMean = mean(inGroup);
    ss += inGroup.length * (groupMean - grand) ** 2;
    for (const t of inGroup) errorSs += (t - groupMean) ** 2;
  }
  return fTest(ss, levels.length - 1, errorSs, rows.length - levels.length);
}

interface MauchlyValues {
  W: number;
  chiSquare: number;
  df: number;
  pR: number;
  pPlain: number;
  pAnderson: number;
}

function mauchlyTest(logDeterminant: number, errorTrace: number, p: number, k: number, nu: number): MauchlyValues {
  const logW = logDeterminant - p * Math.log(errorTrace / p);
  const rho = 1 - (2 * p * p + p + 2) / (6 * p * nu);
  const chiSquare = -nu * rho * logW;
  const df = (p * (p + 1)) / 2 - 1;
  const p1 = chiSquareUpperTail(chiSquare, df);
  const p2 = chiSquareUpperTail(chiSquare, df + 4);
  const secondOrder = (lastTerm: number) =>
    ((p + 2) * (p - 1) * (p - 2) * (2 * p ** 3 + 6 * p * p + lastTerm + 2)) / (288 * (nu * p * rho) ** 2);
  return {
    W: Math.exp(logW),
    chiSquare,
    df,
    pR: p1 + secondOrder(3 * k) * (p2 - p1),
    pPlain: p1,
    pAnderson: p1 + secondOrder(3 * p) * (p2 - p1),
  };
}

function describe(rows: Matrix): RepeatedMeasuresTimepoint[] {
  const k = rows[0]?.length ?? 0;
  return Array.from({ length: k }, (_, j) => {
    const column = rows.map((y) => y[j] ?? 0);
    const m = mean(column);
    const sd = column.length > 1 ? Math.sqrt(column.reduce((s, v) => s + (v - m) ** 2, 0) / (column.length - 1)) : null;
    return { n: column.length, mean: m, sd };
  });
}

/** k - 1 orthonormal Helmert contrasts: column j (1-based) is (1, ..., 1, -j, 0, ...)/sqrt(j(j+1)). */
function helmertContrasts(k: number): Matrix {
  return Array.from({ length: k - 1 }, (_, index) => {
    const j = index + 1;
    const norm = Math.sqrt(j * (j + 1));
    return Array.from({ length: k }, (_, i) => (i < j ? 1 / norm : i === j ? -j / norm : 0));
  });
}

function dot(u: readonly number[], v: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < u.length; i++) s += (u[i] ?? 0) * (v[i] ?? 0);
  return s;
}

function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

function columnMeans(rows: Matrix): number[] {
  const width = rows[0]?.length ?? 0;
  return Array.from({ length: width }, (_, j) => mean(rows.map((r) => r[j] ?? 0)));
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

function positiveFinite(value: number): number | null {
  return Number.isFinite(value) && value > 0 ? value : null;
}

function capped(epsilon: number | null): number | null {
  return epsilon === null ? null : Math.min(1, epsilon);
}
