/**
 * The floors the served queries are measured against, in this process on a read-only connection
 * to the same registry file:
 *   - page: one hand-written SQL statement that builds the very JSON body the GraphQL page query
 *     returns (SQLite's json_object / json_group_array over the same rows in the same order);
 *   - Kaplan–Meier + log-rank and the 6-covariate Cox model: the bare statistics core
 *     (src/stats/) on the arrays the service hands it, read once by one hand-written query;
 *   - toxicity table: it has no statistics core (it counts grades), so its floor is the least
 *     data work the same table takes: one hand-written statement reading the study analytes' labs
 *     once in index order, each patient's pick per timepoint made and the grades counted in SQL.
 * Each floor is checked against the API's answer (checkFloors) so that a floor cannot get cheaper
 * by doing less. The time of the hand-written query that reads the analyses' arrays is reported
 * too, to show how much of an analysis is reading data and how much is statistics.
 *
 * Times: the median wall-clock time of `runs` runs after one warm-up run.
 */
import Database from 'better-sqlite3';
import { convertDays, DEFAULT_TIMEPOINT_WINDOWS, type Timepoint } from '../src/clinical/index.js';
import { findSqlVariable } from '../src/store/patient-variables.js';
import { STUDY_ANALYTES } from '../src/analyses/toxicity.js';
import { coxRegression, kaplanMeier, logRank } from '../src/stats/index.js';
import { COX_COVARIATES, cursorAfter, KM_GROUPING, PAGE_SIZE } from './bench-queries.js';

export interface Timing {
  medianMs: number;
  runs: number;
}

export function timeMedian(runs: number, work: () => unknown): Timing {
  work();
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    work();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { medianMs: times[Math.floor(times.length / 2)]!, runs };
}

/** The page's nodes as JSON text, whether another page follows, and the last id (SQLite has no base64 for the cursor). */
const PAGE_SQL = `
SELECT
  (SELECT json_group_array(json(node)) FROM (
    SELECT json_object(
      'id', CAST(p.id AS TEXT), 'externalId', p.external_id, 'sex', p.sex, 'ageAtIndex', p.age_at_index,
      'indexDate', p.index_date, 'vitalStatus', p.vital_status,
      'treatments', (SELECT json_group_array(json_object('id', CAST(t.id AS TEXT), 'date', t.date, 'target', t.target,
          'device', t.device, 'activityGbq', t.activity_gbq))
        FROM (SELECT * FROM treatments WHERE patient_id = p.id ORDER BY date, id) t),
      'labs', (SELECT json_group_array(json_object('id', CAST(l.id AS TEXT), 'analyte', l.analyte, 'value', l.value, 'unit', l.unit,
          'collectedOn', l.collected_on, 'dayFromIndex', CAST(julianday(l.collected_on) - julianday(p.index_date) AS INTEGER), 'grade', l.grade_v5))
        FROM (SELECT * FROM lab_results WHERE patient_id = p.id ORDER BY collected_on, analyte) l)
    ) AS node
    FROM patients p WHERE p.id > :after ORDER BY p.id LIMIT :size)) AS nodes,
  (SELECT count(*) FROM (SELECT 1 FROM patients WHERE id > :after LIMIT :size + 1)) > :size AS hasNextPage,
  (SELECT max(id) FROM (SELECT id FROM patients WHERE id > :after ORDER BY id LIMIT :size)) AS lastId`;

export class RegistryFloors {
  private readonly db: Database.Database;
  private readonly page: Database.Statement;

  constructor(file: string) {
    this.db = new Database(file, { readonly: true });
    this.page = this.db.prepare(PAGE_SQL);
  }

  close(): void {
    this.db.close();
  }

  /** The page query's response body, as the text the server sends, from one SQL statement. */
  pageBody(after: number): string {
    const { nodes, hasNextPage, lastId } = this.page.get({ after, size: PAGE_SIZE }) as { nodes: string; hasNextPage: number; lastId: number | null };
    const endCursor = lastId === null ? 'null' : `"${cursorAfter(lastId)}"`;
    return `{"data":{"patients":{"nodes":${nodes},"pageInfo":{"hasNextPage":${hasNextPage === 1},"endCursor":${endCursor}}}}}`;
  }

  timePages(starts: readonly number[], runs: number): Timing {
    let next = 0;
    return timeMedian(runs, () => this.pageBody(starts[next++ % starts.length]!));
  }

  private readonly arraysSql = `SELECT CAST(julianday(coalesce(death_date, last_follow_up_date)) - julianday(index_date) AS INTEGER) AS days,
    vital_status = 'DEAD' AS died, age_at_index AS ageAtIndex, sex, ecog, tumor_burden AS tumorBurden,
    ascites_at_baseline AS ascitesAtBaseline, extrahepatic_metastases AS extrahepaticMetastases FROM patients ORDER BY id`;

  /** The whole registry's survival outcome and Cox covariates, by one hand-written query. */
  readArrays(): Record<string, number | string | null>[] {
    return this.db.prepare(this.arraysSql).all() as Record<string, number | string | null>[];
  }

  timeArrays(runs: number): Timing {
    return timeMedian(runs, () => this.readArrays());
  }

  /**
   * Patients per grade of the result picked at each timepoint, per analyte (CTCAE v5.0), counted
   * by one statement reading the study analytes' labs once, in index order: patients outer, each
   * patient's labs from the (patient, analyte, date) index, each lab's day from the index date
   * computed once (the innermost subquery: its LIMIT keeps SQLite from flattening it into the
   * aggregates, which would compute the day once per use), the pick per patient, analyte and
   * timepoint made by min() over the key of the pick rule (within the window, closest to the
   * target day, ties to the earlier date; src/store/toxicity.ts has the key), and the picks'
   * grades counted per analyte.
   */
  toxicityCounts(timepoints: readonly Timepoint[]): Map<string, { measured: number; notGradable: number; byGrade: number[] }> {
    const picks = timepoints.map((timepoint, index) => {
      const { startDay, endDay, targetDay } = DEFAULT_TIMEPOINT_WINDOWS[timepoint];
      return `min(CASE WHEN day BETWEEN ${startDay} AND ${endDay} THEN (abs(day - ${targetDay}) * 2 + (day > ${targetDay})) * 8 + coalesce(grade, 7) END) AS pick${index}`;
    });
    const counts = timepoints.flatMap((_, index) => [
      `count(pick${index})`, `sum(pick${index} % 8 = 7)`, ...[0, 1, 2, 3, 4].map((grade) => `sum(pick${index} % 8 = ${grade})`),
    ]);
    const rows = this.db.prepare(`
      SELECT analyte, ${counts.join(', ')} FROM (
        SELECT id, analyte, ${picks.join(', ')} FROM (
          SELECT p.id, l.analyte, CAST(julianday(l.collected_on) - julianday(p.index_date) AS INTEGER) AS day, l.grade_v5 AS grade
          FROM patients p CROSS JOIN lab_results l ON l.patient_id = p.id
          WHERE l.analyte IN (${STUDY_ANALYTES.map((analyte) => `'${analyte}'`).join(', ')})
          ORDER BY p.id, l.analyte LIMIT -1)
        GROUP BY id, analyte)
      GROUP BY analyte`).raw().all() as [string, ...(number | null)[]][];
    const byTimepoint = new Map<string, { measured: number; notGradable: number; byGrade: number[] }>();
    for (const [analyte, ...values] of rows) {
      timepoints.forEach((timepoint, index) => {
        const [measured, notGradable, ...byGrade] = values.slice(index * 7, index * 7 + 7).map((value) => value ?? 0);
        if (measured! > 0) byTimepoint.set(`${analyte} ${timepoint}`, { measured: measured!, notGradable: notGradable!, byGrade });
      });
    }
    return byTimepoint;
  }
}

export interface SurvivalArrays {
  time: number[];
  event: number[];
  group: string[];
}

/** The compareSurvival service's input to the core: complete cases of the grouping, times in months. */
export function survivalArrays(rows: readonly Record<string, number | string | null>[]): SurvivalArrays {
  const complete = rows.filter((row) => row[KM_GROUPING] !== null);
  return {
    time: complete.map((row) => convertDays(row['days'] as number, 'MONTHS')),
    event: complete.map((row) => row['died'] as number),
    group: complete.map((row) => String(row[KM_GROUPING])),
  };
}

export function kmAndLogRank(arrays: SurvivalArrays) {
  const curves = kaplanMeier({ time: arrays.time, event: arrays.event, group: arrays.group }, { confType: 'log', confLevel: 0.95, times: [] });
  const test = logRank({ time: arrays.time, event: arrays.event, group: arrays.group, strata: null }, { rho: 0 });
  return { curves, test };
}

export interface CoxDesign {
  time: number[];
  event: number[];
  covariates: Record<string, number[]>;
}

/**
 * The Cox service's design on complete cases: continuous covariates as they are, booleans as 0/1,
 * categorical ones as treatment-contrast dummies against their first level present (R's
 * contr.treatment), named `variable=LEVEL`; times in days.
 */
export function coxDesign(rows: readonly Record<string, number | string | null>[]): CoxDesign {
  const complete = rows.filter((row) => COX_COVARIATES.every((name) => row[name] !== null));
  const covariates: Record<string, number[]> = {};
  for (const name of COX_COVARIATES) {
    const definition = findSqlVariable(name)!.definition;
    const values = complete.map((row) => row[name]!);
    if (definition.kind === 'CONTINUOUS') covariates[name] = values.map(Number);
    else if (definition.kind === 'BOOLEAN') covariates[name] = values.map((value) => (value === 1 ? 1 : 0));
    else {
      const present = definition.levels!.filter((level) => values.some((value) => String(value) === level));
      for (const level of present.slice(1)) covariates[`${name}=${level}`] = values.map((value) => (String(value) === level ? 1 : 0));
    }
  }
  return { time: complete.map((row) => row['days'] as number), event: complete.map((row) => row['died'] as number), covariates };
}

export function fitCox(design: CoxDesign) {
  return coxRegression({ time: design.time, event: design.event, covariates: design.covariates, strata: null }, { ties: 'efron', confLevel: 0.95 });
}
