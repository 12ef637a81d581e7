/**
 * The floors the served queries are measured against, in this process on a read-only connection
 * to the same registry file:
 *   - page: one hand-written SQL statement that builds the very JSON body the GraphQL page query
 *     returns (SQLite's json_object / json_group_array over the same rows in the same order);
 *   - Kaplan–Meier + log-rank and the 6-covariate Cox model: the bare statistics core
 *     (src/stats/) on the arrays the service hands it, read once by one hand-written query;
 *   - toxicity table: it has no statistics core (it counts grades), so its floor is the least
 *     data work the same table takes: one hand-written statement reading the study analytes' labs
 *     once in index order, each patient's pick per timepoint made on the way, grades counted.
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
   * Patients per grade of the result picked at each timepoint, per analyte (CTCAE v5.0): one
   * statement reading the study analytes' labs once, in index order (patient, analyte, date), and
   * the pick rule applied on the way (within the window, closest to the target day, ties to the
   * earlier date: the first seen).
   */
  toxicityCounts(timepoints: readonly Timepoint[]): Map<string, { measured: number; notGradable: number; byGrade: number[] }> {
    const windows = timepoints.map((timepoint) => ({ timepoint, ...DEFAULT_TIMEPOINT_WINDOWS[timepoint] }));
    const counts = new Map<string, { measured: number; notGradable: number; byGrade: number[] }>();
    const tally = (analyte: string, picks: ({ distance: number; grade: number | null } | null)[]) => {
      picks.forEach((pick, index) => {
        if (pick === null) return;
        const key = `${analyte} ${windows[index]!.timepoint}`;
        const entry = counts.get(key) ?? { measured: 0, notGradable: 0, byGrade: [0, 0, 0, 0, 0] };
        entry.measured += 1;
        if (pick.grade === null) entry.notGradable += 1;
        else if (pick.grade <= 4) entry.byGrade[pick.grade]! += 1;
        counts.set(key, entry);
      });
    };
    // CROSS JOIN keeps patients outside: each patient's labs come from the (patient, analyte, date) index already in order, with no sort.
    const labs = this.db.prepare(`
      SELECT l.patient_id, l.analyte, julianday(l.collected_on) - julianday(p.index_date), l.grade_v5
      FROM patients p CROSS JOIN lab_results l ON l.patient_id = p.id
      WHERE l.analyte IN (${STUDY_ANALYTES.map((analyte) => `'${analyte}'`).join(', ')})
      ORDER BY p.id, l.analyte, l.collected_on`).raw();
    let group = '';
    let analyte = '';
    let picks: ({ distance: number; grade: number | null } | null)[] = windows.map(() => null);
    for (const [patientId, labAnalyte, day, grade] of labs.iterate() as IterableIterator<[number, string, number, number | null]>) {
      if (`${patientId} ${labAnalyte}` !== group) {
        tally(analyte, picks);
        group = `${patientId} ${labAnalyte}`;
        analyte = labAnalyte;
        picks = windows.map(() => null);
      }
      windows.forEach((window, index) => {
        if (day < window.startDay || day > window.endDay) return;
        const distance = Math.abs(day - window.targetDay);
        if (picks[index] === null || distance < picks[index]!.distance) picks[index] = { distance, grade };
      });
    }
    tally(analyte, picks);
    return counts;
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
