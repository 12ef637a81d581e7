/**
 * The synthetic demo cohort, as plain rows: a deterministic function of (seed, patients, sites).
 * Synthetic data calibrated to Tomozawa et al., J Vasc Interv Radiol 2018 (docs/demo-cohort.md):
 * with the defaults it reproduces every count of the study's Table 1 and Table 6 exactly; other
 * sizes keep the same proportions and joint structure, spread over `sites` sites.
 *
 * Each step draws from its own named random stream, so the steps are independent of each
 * other's draws: baseline → prior therapies → treatments → survival → calendar → imaging →
 * follow-up therapies → clinical events and causes of death → labs.
 */
import type { PriorTherapy } from '../../db/schema/enums.js';
import { DAYS_PER_YEAR } from '../clinical/index.js';
import { apportion } from './apportion.js';
import { generateBaselines, type Baseline } from './baseline.js';
import { scheduleCalendar } from './calendar.js';
import { planClinicalRecords } from './clinical-events.js';
import { isoDate } from './dates.js';
import { planFollowUpTherapies } from './follow-up-therapies.js';
import { planImaging, type ImagingStudyPlan } from './imaging.js';
import { generateLabs } from './labs.js';
import { assignPriorTherapies } from './prior-therapies.js';
import { createRandom } from './prng.js';
import { DEMO_ANALYTES, STUDY_SIZE } from './published-study.js';
import { siteReferenceRanges, type SiteReferenceRanges } from './reference-ranges.js';
import { assignSurvival } from './survival.js';
import { planTreatments } from './treatments.js';
import type { DemoCohort, DemoImagingStudy, DemoPatient } from './types.js';

export interface DemoCohortOptions {
  /** Any integer; the default reproduces the bundled demo database. */
  seed?: number;
  patients?: number;
  sites?: number;
}

export const DEFAULT_DEMO_SEED = 20180601;
/** Below this size a cohort cannot hold the study's proportions (e.g. the 1 Child-Pugh C patient of 93). */
export const MIN_DEMO_PATIENTS = 20;
export const MAX_DEMO_SITES = 99;

export class DemoOptionsError extends Error {
  override readonly name = 'DemoOptionsError';
}

export function resolveDemoOptions(options: DemoCohortOptions = {}): Required<DemoCohortOptions> {
  const { seed = DEFAULT_DEMO_SEED, patients = STUDY_SIZE, sites = 1 } = options;
  if (!Number.isSafeInteger(seed)) throw new DemoOptionsError(`seed must be an integer, got ${seed}`);
  if (!Number.isSafeInteger(patients) || patients < MIN_DEMO_PATIENTS) {
    throw new DemoOptionsError(`patients must be an integer ≥ ${MIN_DEMO_PATIENTS}, got ${patients}`);
  }
  if (!Number.isSafeInteger(sites) || sites < 1 || sites > Math.min(MAX_DEMO_SITES, patients)) {
    throw new DemoOptionsError(`sites must be an integer from 1 to ${Math.min(MAX_DEMO_SITES, patients)}, got ${sites}`);
  }
  return { seed, patients, sites };
}

function siteCode(site: number): string {
  return `SITE${String(site + 1).padStart(2, '0')}`;
}

function imagingRow(patientId: number, indexDay: number, study: ImagingStudyPlan): DemoImagingStudy {
  return { patientId, date: isoDate(indexDay + study.dayFromIndex), modality: study.modality, ...study.findings, recist: study.recist };
}

export function generateDemoCohort(options: DemoCohortOptions = {}): DemoCohort {
  const { seed, patients: size, sites: siteCount } = resolveDemoOptions(options);
  const root = createRandom(seed);

  const baselines = generateBaselines(root.fork('baseline'), size);
  const priorTherapies: PriorTherapy[][] = assignPriorTherapies(root.fork('prior-therapies'), baselines);
  const courses = planTreatments(root.fork('treatments'), baselines, priorTherapies.map((therapies) => therapies.includes('RESECTION')));
  const outcomes = assignSurvival(
    root.fork('survival'),
    courses.map((course, i) => ({ baseline: baselines[i] as Baseline, priorTherapies: priorTherapies[i] ?? [], course })),
  );
  const calendar = scheduleCalendar(root.fork('calendar'), baselines, outcomes);
  const imaging = planImaging(root.fork('imaging'), baselines, courses, outcomes);
  const followUpTherapies = planFollowUpTherapies(root.fork('follow-up-therapies'), baselines, imaging, outcomes);
  const clinical = planClinicalRecords(root.fork('clinical-events'), baselines, imaging, outcomes, followUpTherapies);

  const sitesRandom = root.fork('sites');
  const ranges = siteReferenceRanges(sitesRandom, siteCount);
  const patientSites = sitesRandom.shuffle(apportion(ranges.map(() => 1), size).flatMap((count, site) => new Array<number>(count).fill(site)))
    .map((site) => ({ site, ranges: ranges[site] as SiteReferenceRanges }));
  const indexDays = calendar.map((dates) => dates.indexDay);
  const labResults = generateLabs(root.fork('labs'), {
    baselines,
    courses,
    outcomes,
    imaging,
    indexDays,
    rangesOfPatient: patientSites.map((entry) => entry.ranges),
  });

  const idWidth = Math.max(3, String(size).length);
  const patients: DemoPatient[] = calendar.map((dates, i) => {
    const baseline = baselines[i] as Baseline;
    return {
      id: i + 1,
      siteId: (patientSites[i]?.site ?? 0) + 1,
      externalId: `NET-${String(i + 1).padStart(idWidth, '0')}`,
      sex: baseline.sex,
      birthDate: isoDate(dates.birthDay),
      ageAtIndex: baseline.ageDays / DAYS_PER_YEAR,
      indexDate: isoDate(dates.indexDay),
      ecog: baseline.ecog,
      tumorType: baseline.tumorType,
      differentiation: baseline.differentiation,
      tumorBurden: baseline.tumorBurden,
      ascitesAtBaseline: baseline.ascites,
      extrahepaticMetastases: baseline.extrahepaticMetastases,
      childPugh: baseline.childPugh,
      liverMetastasisDiagnosisDate: isoDate(dates.diagnosisDay),
      lastFollowUpDate: isoDate(dates.lastFollowUpDay),
      vitalStatus: dates.deathDay === null ? 'ALIVE' : 'DEAD',
      deathDate: dates.deathDay === null ? null : isoDate(dates.deathDay),
      deathCause: clinical.deathCauses[i] ?? null,
    };
  });

  return {
    sites: ranges.map((_, site) => ({
      id: site + 1,
      code: siteCode(site),
      name: siteCount === 1 ? 'Synthetic demo centre' : `Synthetic demo centre ${site + 1}`,
    })),
    siteReferenceRanges: ranges.flatMap((siteRanges, site) => DEMO_ANALYTES.map((analyte) => ({
      siteId: site + 1,
      analyte,
      lowerLimitOfNormal: siteRanges[analyte].lowerLimitOfNormal,
      upperLimitOfNormal: siteRanges[analyte].upperLimitOfNormal,
    }))),
    patients,
    priorTherapies: priorTherapies.flatMap((therapies, i) => therapies.map((therapy) => ({ patientId: i + 1, therapy }))),
    treatments: courses.flatMap((course, i) => course.sessions.map((session) => ({
      patientId: i + 1,
      date: isoDate((indexDays[i] ?? 0) + session.dayFromIndex),
      target: session.target,
      device: session.device,
      activityGbq: session.activityGbq,
      lungShuntFractionPercent: session.lungShuntFractionPercent,
    }))),
    labResults,
    imagingStudies: imaging.flatMap((studies, i) => {
      const indexDay = indexDays[i] ?? 0;
      const rows = [imagingRow(i + 1, indexDay, studies.baseline)];
      if (studies.oneYear) rows.push(imagingRow(i + 1, indexDay, studies.oneYear));
      return rows;
    }),
    followUpTherapies: followUpTherapies.map((therapy) => ({
      patientId: therapy.patient + 1,
      startDate: isoDate((indexDays[therapy.patient] ?? 0) + therapy.dayFromIndex),
      kind: therapy.kind,
      agent: therapy.agent,
    })),
    clinicalEvents: clinical.events.map((event) => ({
      patientId: event.patient + 1,
      date: isoDate((indexDays[event.patient] ?? 0) + event.dayFromIndex),
      event: event.event,
      siteOfProgression: event.siteOfProgression,
      detail: event.detail,
    })),
  };
}
