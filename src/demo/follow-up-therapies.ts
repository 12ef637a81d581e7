/**
 * Therapies started within the first year after TARE (Tomozawa et al. 2018: everolimus 7,
 * capecitabine-temozolomide 2, hepatic arterial infusion 1), one per patient. They go to
 * patients still followed at 4 months whose disease is most active: progression at 1 year
 * first, then latent tumour activity. Start days fall between day 60 and the end of the first
 * year (or of follow-up, if earlier).
 */
import type { FollowUpTherapyKind } from '../../db/schema/enums.js';
import { rescaleCount } from './apportion.js';
import type { Baseline } from './baseline.js';
import type { PatientImaging } from './imaging.js';
import type { Random } from './prng.js';
import { FOLLOW_UP_THERAPIES_WITHIN_FIRST_YEAR, STUDY_SIZE } from './published-study.js';
import { topByScore } from './ranked-assignment.js';
import type { SurvivalOutcome } from './survival.js';

export interface FollowUpTherapyPlan {
  patient: number;
  dayFromIndex: number;
  kind: FollowUpTherapyKind;
  agent: string;
}

const EARLIEST_START_DAY = 60;
const LATEST_START_DAY = 364;
const MIN_FOLLOW_UP_DAYS = 120;
const PROGRESSION_WEIGHT = 3;

export function planFollowUpTherapies(
  random: Random,
  baselines: readonly Baseline[],
  imaging: readonly PatientImaging[],
  outcomes: readonly SurvivalOutcome[],
): FollowUpTherapyPlan[] {
  const eligible = outcomes.flatMap((outcome, index) => (outcome.followUpDays >= MIN_FOLLOW_UP_DAYS ? [index] : []));
  const activity = baselines.map((baseline, index) => (
    baseline.tumourActivity + random.normal() + (imaging[index]?.oneYear?.recist === 'PD' ? PROGRESSION_WEIGHT : 0)
  ));
  const total = FOLLOW_UP_THERAPIES_WITHIN_FIRST_YEAR.reduce((sum, therapy) => sum + rescaleCount(therapy.patients, STUDY_SIZE, baselines.length), 0);
  const treated = random.shuffle(topByScore(eligible, (index) => activity[index] ?? 0, total));

  let next = 0;
  return FOLLOW_UP_THERAPIES_WITHIN_FIRST_YEAR.flatMap((therapy) => {
    const patients = treated.slice(next, next + rescaleCount(therapy.patients, STUDY_SIZE, baselines.length));
    next += patients.length;
    return patients.map((patient) => ({
      patient,
      dayFromIndex: random.integer(EARLIEST_START_DAY, Math.min(LATEST_START_DAY, outcomes[patient]?.followUpDays ?? LATEST_START_DAY)),
      kind: therapy.kind,
      agent: therapy.agent,
    }));
  });
}
