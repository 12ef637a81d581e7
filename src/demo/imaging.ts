/**
 * Cross-sectional imaging: a baseline study for every patient and a study at about 1 year for
 * each patient followed ≥ 1 year, read for the four portal-hypertension signs of Table 6 of
 * Tomozawa et al. 2018 and, at 1 year, for RECIST response (PR 13, SD 35, PD 4 of 52).
 *
 * Table 6 counts new findings (present at 1 year, absent at baseline) by treatment distribution:
 * ascites 1/5, cirrhosis-like morphology 1/6, splenomegaly 3/6, varices 0/2 (unilobar/bilobar),
 * on 15 of the 52 patients. A finding is present at 1 year only when new, so its count on
 * 1-year imaging equals Table 6's. The 15 split unilobar 4 / bilobar 11 (the paper gives only
 * the total; this puts the 5 unilobar and 19 bilobar findings at 1.3 and 1.7 per patient).
 *
 * Who shows signs: the patients of each group with the worst latent hepatic dysfunction;
 * new ascites only where baseline imaging showed none. Baseline ascites is the patient's
 * ascites at baseline; the other signs appear at baseline only in Child-Pugh B/C patients not
 * followed to 1 year, whose later imaging the demo does not hold.
 */
import type { RecistResponse } from '../../db/schema/enums.js';
import { apportion, rescaleCount } from './apportion.js';
import type { Baseline } from './baseline.js';
import type { Random } from './prng.js';
import {
  FOLLOWED_BEYOND_ONE_YEAR_BY_DISTRIBUTION, PATIENTS_WITH_ANY_IMAGING_SIGN, RECIST_AT_ONE_YEAR, TABLE_6, type ImagingFinding,
} from './published-study.js';
import { topByScore } from './ranked-assignment.js';
import type { SurvivalOutcome } from './survival.js';
import type { TreatmentCourse } from './treatments.js';

export type ImagingFindings = Record<ImagingFinding, boolean>;

export interface ImagingStudyPlan {
  dayFromIndex: number;
  modality: 'CT' | 'MR';
  findings: ImagingFindings;
  recist: RecistResponse | null;
}

export interface PatientImaging {
  baseline: ImagingStudyPlan;
  oneYear: ImagingStudyPlan | null;
}

const SIGN_PATIENTS = { UNILOBAR: 4, BILOBAR: PATIENTS_WITH_ANY_IMAGING_SIGN - 4 } as const;
const FINDINGS: readonly ImagingFinding[] = ['ascites', 'cirrhosisLikeMorphology', 'splenomegaly', 'varices'];
/** Baseline prevalence of the non-ascites signs among Child-Pugh B/C patients not followed to 1 year. */
const BASELINE_SIGN_SHARE: Readonly<Record<Exclude<ImagingFinding, 'ascites'>, number>> = {
  cirrhosisLikeMorphology: 0.3,
  splenomegaly: 0.4,
  varices: 0.15,
};
const ONE_YEAR_DAYS = 365;
const WINDOW_DAYS = 30;
const MR_SHARE = 0.3;
const PROGRESSION_NOISE_DAYS = 200;
/** Where the living stand in the ranking for progression: after any death the demo holds. */
const LIVING_RANK_DAY = 10_000;

function noFindings(): ImagingFindings {
  return { ascites: false, cirrhosisLikeMorphology: false, splenomegaly: false, varices: false };
}

/**
 * New findings on the 1-year imaging of one treatment-distribution group: the sign patients
 * are those with the highest score (new-ascites patients drawn first from those without
 * baseline ascites); each finding goes first to sign patients without any finding yet, then
 * to the highest scores, so every sign patient shows at least one.
 */
function newFindingsOfGroup(
  members: readonly number[],
  distribution: 'UNILOBAR' | 'BILOBAR',
  score: (index: number) => number,
  baselines: readonly Baseline[],
  findings: Map<number, ImagingFindings>,
): void {
  const published = FOLLOWED_BEYOND_ONE_YEAR_BY_DISTRIBUTION[distribution];
  const counts = Object.fromEntries(FINDINGS.map((finding) => [
    finding,
    Math.min(members.length, rescaleCount(TABLE_6[finding][distribution], published, members.length)),
  ])) as Record<ImagingFinding, number>;
  const signCount = Math.min(members.length, rescaleCount(SIGN_PATIENTS[distribution], published, members.length));

  const withoutBaselineAscites = members.filter((index) => !baselines[index]?.ascites);
  const newAscites = topByScore(withoutBaselineAscites, score, counts.ascites);
  const withNewAscites = new Set(newAscites);
  const others = members.filter((index) => !withNewAscites.has(index));
  const signPatients = [...newAscites, ...topByScore(others, score, Math.max(0, signCount - newAscites.length))];
  for (const index of signPatients) findings.set(index, noFindings());
  for (const index of newAscites) (findings.get(index) ?? noFindings()).ascites = true;

  const rest = FINDINGS.filter((finding) => finding !== 'ascites').sort((a, b) => counts[b] - counts[a]);
  for (const finding of rest) {
    const order = [...signPatients].sort((a, b) => {
      const aCovered = Object.values(findings.get(a) ?? {}).some(Boolean) ? 1 : 0;
      const bCovered = Object.values(findings.get(b) ?? {}).some(Boolean) ? 1 : 0;
      return aCovered - bCovered || score(b) - score(a) || a - b;
    });
    for (const index of order.slice(0, counts[finding])) (findings.get(index) ?? noFindings())[finding] = true;
  }
}

/**
 * RECIST at 1 year: progression mostly for those who die soonest after 1 year (death day plus
 * noise of PROGRESSION_NOISE_DAYS; the living rank last), partial response at random among the rest.
 */
function recistAtOneYear(random: Random, followed: readonly number[], outcomes: readonly SurvivalOutcome[]): Map<number, RecistResponse> {
  const [partial = 0, , progressive = 0] = apportion([RECIST_AT_ONE_YEAR.PR, RECIST_AT_ONE_YEAR.SD, RECIST_AT_ONE_YEAR.PD], followed.length);
  const imminence = (index: number): number => {
    const outcome = outcomes[index];
    const deathDay = outcome?.died ? outcome.followUpDays : LIVING_RANK_DAY;
    return -deathDay + PROGRESSION_NOISE_DAYS * random.normal();
  };
  const progressing = new Set(topByScore(followed, imminence, progressive));
  const others = random.shuffle(followed.filter((index) => !progressing.has(index)));
  const responses = new Map<number, RecistResponse>();
  for (const index of progressing) responses.set(index, 'PD');
  others.forEach((index, k) => responses.set(index, k < partial ? 'PR' : 'SD'));
  return responses;
}

export function planImaging(
  random: Random,
  baselines: readonly Baseline[],
  courses: readonly TreatmentCourse[],
  outcomes: readonly SurvivalOutcome[],
): PatientImaging[] {
  const followed = outcomes.flatMap((outcome, index) => (outcome.followUpDays >= ONE_YEAR_DAYS ? [index] : []));
  const signScore = baselines.map((baseline) => baseline.hepaticDysfunction + 0.5 * random.normal());
  const score = (index: number): number => signScore[index] ?? 0;
  const newFindings = new Map<number, ImagingFindings>();
  newFindingsOfGroup(followed.filter((index) => !courses[index]?.bilobar), 'UNILOBAR', score, baselines, newFindings);
  newFindingsOfGroup(followed.filter((index) => courses[index]?.bilobar), 'BILOBAR', score, baselines, newFindings);
  const recist = recistAtOneYear(random, followed, outcomes);

  return baselines.map((baseline, index) => {
    const modality: ImagingStudyPlan['modality'] = random.chance(MR_SHARE) ? 'MR' : 'CT';
    const followUpDays = outcomes[index]?.followUpDays ?? 0;
    const reachesOneYear = followUpDays >= ONE_YEAR_DAYS;
    const baselineFindings = noFindings();
    baselineFindings.ascites = baseline.ascites;
    if (!reachesOneYear && baseline.childPugh !== 'A') {
      for (const [finding, share] of Object.entries(BASELINE_SIGN_SHARE)) baselineFindings[finding as ImagingFinding] = random.chance(share);
    }
    const baselineStudy = { dayFromIndex: -random.integer(1, WINDOW_DAYS), modality, findings: baselineFindings, recist: null };
    if (!reachesOneYear) return { baseline: baselineStudy, oneYear: null };
    return {
      baseline: baselineStudy,
      oneYear: {
        dayFromIndex: random.integer(ONE_YEAR_DAYS - WINDOW_DAYS, Math.min(ONE_YEAR_DAYS + WINDOW_DAYS, followUpDays)),
        modality,
        findings: newFindings.get(index) ?? noFindings(),
        recist: recist.get(index) ?? 'SD',
      },
    };
  });
}
