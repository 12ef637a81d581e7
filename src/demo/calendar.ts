/**
 * Calendar dates of each patient, from follow-up lengths decided beforehand: index dates within
 * the study's enrolment window (first TARE sessions February 2007 – November 2015, Tomozawa et
 * al. 2018), with follow-up ending by an assumed data cut-off of 31 December 2016. A patient's
 * index date is drawn uniformly among the days that leave room for the follow-up; the longest-
 * followed patient is placed in February 2007 and one short-followed patient in November 2015,
 * so the cohort spans the whole window.
 */
import { dayNumber } from './dates.js';
import type { Baseline } from './baseline.js';
import type { Random } from './prng.js';
import { ENROLMENT } from './published-study.js';
import type { SurvivalOutcome } from './survival.js';

const FIRST_INDEX_DAY = dayNumber(`${ENROLMENT.firstMonth}-01`);
const FIRST_MONTH_END_DAY = dayNumber(`${ENROLMENT.firstMonth}-28`);
const LAST_MONTH_START_DAY = dayNumber(`${ENROLMENT.lastMonth}-01`);
const LAST_INDEX_DAY = dayNumber(`${ENROLMENT.lastMonth}-30`);
const DATA_CUTOFF_DAY = dayNumber('2016-12-31');

export interface PatientCalendar {
  indexDay: number;
  /** Death or last contact. */
  lastFollowUpDay: number;
  deathDay: number | null;
  birthDay: number;
  diagnosisDay: number;
}

export function scheduleCalendar(random: Random, baselines: readonly Baseline[], outcomes: readonly SurvivalOutcome[]): PatientCalendar[] {
  const latestIndex = outcomes.map((outcome) => Math.min(LAST_INDEX_DAY, DATA_CUTOFF_DAY - outcome.followUpDays));
  const indexDays = latestIndex.map((latest) => random.integer(FIRST_INDEX_DAY, Math.max(FIRST_INDEX_DAY, latest)));

  const longest = outcomes.reduce((best, outcome, i) => (outcome.followUpDays > (outcomes[best]?.followUpDays ?? -1) ? i : best), 0);
  indexDays[longest] = random.integer(FIRST_INDEX_DAY, Math.min(FIRST_MONTH_END_DAY, latestIndex[longest] ?? FIRST_INDEX_DAY));
  const lateCandidates = latestIndex.flatMap((latest, i) => (latest >= LAST_MONTH_START_DAY && i !== longest ? [i] : []));
  const latest = lateCandidates[random.integer(0, lateCandidates.length - 1)];
  if (latest !== undefined) indexDays[latest] = random.integer(LAST_MONTH_START_DAY, latestIndex[latest] ?? LAST_INDEX_DAY);

  return outcomes.map((outcome, i) => {
    const indexDay = indexDays[i] ?? FIRST_INDEX_DAY;
    const endDay = indexDay + outcome.followUpDays;
    const baseline = baselines[i];
    return {
      indexDay,
      lastFollowUpDay: endDay,
      deathDay: outcome.died ? endDay : null,
      birthDay: indexDay - (baseline?.ageDays ?? 0),
      diagnosisDay: indexDay - (baseline?.diagnosisToIndexDays ?? 0),
    };
  });
}
