/**
 * Who occupies which follow-up slot (follow-up-template.ts): survival from a proportional-
 * hazards model, drawn so that the slots, and with them every follow-up count of Table 1 of
 * Tomozawa et al. 2018, stay exact.
 *
 * The slots are filled in time order, as a counting process unfolds. A death slot at time t
 * takes one of the patients still unassigned with probability exp(η_i) / Σ exp(η_j) over them,
 * η from the generating hazard ratios of survival-model.ts; this is the conditional law of who
 * dies at t given the risk set under proportional hazards, the law Cox's partial likelihood is
 * built on (Cox, "Regression models and life-tables", JRSS B 34, 1972). A censoring slot takes
 * an unassigned patient uniformly (censoring independent of the covariates). Two constraints
 * hold throughout:
 *
 * - a patient leaves follow-up only after the last planned TARE session;
 * - of the first-year slots, exactly as many go to bilobar patients as Table 6 leaves (45 − 29
 *   = 16 of 41), so that the 52 followed ≥ 1 year split unilobar 23 / bilobar 29.
 *
 * Calibration against the published univariate hazard ratios β_k: the loss of an assignment is
 * Σ_k w_k U_k² / I_k, U_k and I_k the univariate Cox score and information at β_k (U/√I is
 * about the distance of the cohort's estimate from the published one in standard errors), plus
 * the squared log-distance of the group Kaplan–Meier medians from the published ones (ascites
 * and extrahepatic disease, present and absent), plus the squared distance of the number of ALP
 * grade 2–3 patients followed ≥ 1 year from Table 4's (6 of 52). Several draws are made and the best kept; then pairs of patients trade slots when
 * that lowers the loss and both constraints still hold. Both steps have a budget in patients
 * evaluated, so a study-sized cohort is calibrated closely and a large one, whose estimates
 * scatter little anyway, cheaply.
 */
import { rescaleCount } from './apportion.js';
import { FIRST_YEAR_SEGMENT, followUpSlots, type FollowUpSlot } from './follow-up-template.js';
import type { Random } from './prng.js';
import { FOLLOWED_BEYOND_ONE_YEAR_BY_DISTRIBUTION, TABLE_1, TABLE_4 } from './published-study.js';
import { DAYS_PER_MONTH } from '../clinical/index.js';
import { HAZARD_FACTORS, MEDIAN_TARGETS, type PatientFacts } from './survival-model.js';
import { WeightedPool } from './weighted-pool.js';

export interface SurvivalOutcome {
  /** Days from the index date to death or last follow-up. */
  followUpDays: number;
  died: boolean;
}

/** Patients drawn in all candidate draws together (at least one draw, at most MAX_CANDIDATES). */
const CANDIDATE_BUDGET = 6_000;
const MAX_CANDIDATES = 64;
/** Patients evaluated in all proposed slot trades together. */
const REFINEMENT_BUDGET = 400_000;
/** A group median off its target by a factor e^MEDIAN_LOG_SCALE (about 25 %) costs as much as one standard error of a hazard ratio. */
const MEDIAN_LOG_SCALE = 0.25;
/** Integer resolution of the sampling weights exp(η − max η); the smallest weight stays above 1000. */
const WEIGHT_RESOLUTION = 2 ** 20;

interface Subjects {
  size: number;
  indicators: Uint8Array[];
  weights: Float64Array;
  bilobar: Uint8Array;
  lastSessionDay: Int32Array;
  /** Patients in order of their last session day. */
  byLastSession: number[];
  alp: Uint8Array;
  /** Membership of each MEDIAN_TARGETS group. */
  medianGroups: Uint8Array[];
}

function describeSubjects(facts: readonly PatientFacts[]): Subjects {
  const indicators = HAZARD_FACTORS.map((factor) => Uint8Array.from(facts, (patient) => (factor.present(patient) ? 1 : 0)));
  const logHazards = facts.map((_, i) => HAZARD_FACTORS.reduce(
    (sum, factor, k) => sum + (indicators[k]?.[i] ?? 0) * Math.log(factor.generatingHazardRatio),
    0,
  ));
  const highest = logHazards.reduce((top, eta) => Math.max(top, eta), -Infinity);
  const lastSessionDay = Int32Array.from(facts, (patient) => patient.course.lastSessionDay);
  return {
    size: facts.length,
    indicators,
    weights: Float64Array.from(logHazards, (eta) => Math.max(1, Math.round(Math.exp(eta - highest) * WEIGHT_RESOLUTION))),
    bilobar: Uint8Array.from(facts, (patient) => (patient.course.bilobar ? 1 : 0)),
    lastSessionDay,
    byLastSession: facts.map((_, i) => i).sort((a, b) => (lastSessionDay[a] ?? 0) - (lastSessionDay[b] ?? 0) || a - b),
    alp: Uint8Array.from(facts, (patient) => (patient.baseline.alpGrade2OrWorse ? 1 : 0)),
    medianGroups: MEDIAN_TARGETS.map((target) => Uint8Array.from(facts, (patient) => (target.present(patient) ? 1 : 0))),
  };
}

/** Bilobar patients among the first-year slots (see the header). */
function firstYearBilobarQuota(subjects: Subjects, slots: readonly FollowUpSlot[]): number {
  const followedBeyondOneYear = slots.filter((slot) => slot.segment !== FIRST_YEAR_SEGMENT).length;
  const bilobarTotal = subjects.bilobar.reduce((sum, flag) => sum + flag, 0);
  const { BILOBAR } = FOLLOWED_BEYOND_ONE_YEAR_BY_DISTRIBUTION;
  return Math.max(0, bilobarTotal - rescaleCount(BILOBAR, TABLE_1.followedBeyondOneYear, followedBeyondOneYear));
}

/** One draw of the sequential process of the header: the patient in each slot. */
function drawAssignment(random: Random, subjects: Subjects, slots: readonly FollowUpSlot[]): Int32Array {
  const { size } = subjects;
  let bilobarQuota = firstYearBilobarQuota(subjects, slots);
  let firstYearLeft = slots.filter((slot) => slot.segment === FIRST_YEAR_SEGMENT).length;
  const deathPools = [new WeightedPool(size), new WeightedPool(size)];
  const censorPools = [new WeightedPool(size), new WeightedPool(size)];
  let admitted = 0;
  const patientOfSlot = new Int32Array(slots.length);

  slots.forEach((slot, s) => {
    for (; admitted < size; admitted++) {
      const i = subjects.byLastSession[admitted] ?? 0;
      if ((subjects.lastSessionDay[i] ?? 0) > slot.days) break;
      const group = subjects.bilobar[i] ?? 0;
      deathPools[group]?.add(i, subjects.weights[i] ?? 1);
      censorPools[group]?.add(i, 1);
    }
    const pools = slot.died ? deathPools : censorPools;
    const uniTotal = pools[0]?.total ?? 0;
    const biTotal = pools[1]?.total ?? 0;
    const firstYear = slot.segment === FIRST_YEAR_SEGMENT;
    let group: number;
    if (firstYear && bilobarQuota === firstYearLeft && biTotal > 0) group = 1;
    else if (firstYear && bilobarQuota === 0 && uniTotal > 0) group = 0;
    else if (uniTotal + biTotal === 0) throw new Error(`demo cohort: no patient can leave follow-up on day ${slot.days}; use a larger cohort`);
    else group = random.uniform() * (uniTotal + biTotal) < biTotal ? 1 : 0;
    const chosen = pools[group]?.draw(random) ?? 0;
    deathPools[group]?.remove(chosen);
    censorPools[group]?.remove(chosen);
    if (firstYear) {
      firstYearLeft--;
      bilobarQuota -= group;
    }
    patientOfSlot[s] = chosen;
  });
  return patientOfSlot;
}

/**
 * The Kaplan–Meier median of a group, in days: the product-limit estimate run over the
 * time-sorted slots (one death at a time) until it reaches 0.5; the last time when it does not.
 */
function groupMedianDays(slots: readonly FollowUpSlot[], patientOfSlot: Int32Array, member: Uint8Array): number {
  let atRisk = member.reduce((sum, flag) => sum + flag, 0);
  let survival = 1;
  let last = 0;
  for (let s = 0; s < slots.length; s++) {
    const slot = slots[s];
    if (!slot || !member[patientOfSlot[s] ?? 0]) continue;
    last = slot.days;
    if (slot.died) survival *= (atRisk - 1) / atRisk;
    atRisk--;
    if (survival <= 0.5) return slot.days;
  }
  return last;
}

/** The calibration loss of the header for an assignment. */
function calibrationLoss(subjects: Subjects, slots: readonly FollowUpSlot[], patientOfSlot: Int32Array): number {
  const withFactor = subjects.indicators.map((column) => column.reduce((sum, flag) => sum + flag, 0));
  const scores = new Float64Array(HAZARD_FACTORS.length);
  const information = new Float64Array(HAZARD_FACTORS.length);
  let unassigned = subjects.size;
  let alpBeyondOneYear = 0;
  slots.forEach((slot, s) => {
    const patient = patientOfSlot[s] ?? 0;
    HAZARD_FACTORS.forEach((factor, k) => {
      const present = subjects.indicators[k]?.[patient] ?? 0;
      const count = withFactor[k] ?? 0;
      if (slot.died) {
        const weighted = count * factor.publishedHazardRatio;
        const expected = weighted / (unassigned - count + weighted);
        scores[k] = (scores[k] ?? 0) + present - expected;
        information[k] = (information[k] ?? 0) + expected * (1 - expected);
      }
      withFactor[k] = count - present;
    });
    unassigned--;
    if (slot.segment !== FIRST_YEAR_SEGMENT) alpBeyondOneYear += subjects.alp[patient] ?? 0;
  });
  let loss = 0;
  HAZARD_FACTORS.forEach((factor, k) => {
    const info = information[k] ?? 0;
    if (info > 0) loss += (factor.calibrationWeight * (scores[k] ?? 0) ** 2) / info;
  });
  MEDIAN_TARGETS.forEach((target, g) => {
    const median = groupMedianDays(slots, patientOfSlot, subjects.medianGroups[g] ?? new Uint8Array());
    loss += (Math.log(median / (target.months * DAYS_PER_MONTH)) / MEDIAN_LOG_SCALE) ** 2;
  });
  const beyondOneYear = slots.filter((slot) => slot.segment !== FIRST_YEAR_SEGMENT).length;
  return loss + (alpBeyondOneYear - rescaleCount(TABLE_4.ALP[0][0], TABLE_1.followedBeyondOneYear, beyondOneYear)) ** 2;
}

/** Trades of slots between two patients that lower the loss and keep both constraints. */
function refine(random: Random, subjects: Subjects, slots: readonly FollowUpSlot[], patientOfSlot: Int32Array, loss: number): void {
  const attempts = Math.floor(REFINEMENT_BUDGET / subjects.size);
  let current = loss;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const first = random.integer(0, slots.length - 1);
    const second = random.integer(0, slots.length - 1);
    const [early, late] = first < second ? [first, second] : [second, first];
    const earlySlot = slots[early];
    const lateSlot = slots[late];
    const movedEarlier = patientOfSlot[late] ?? 0;
    const movedLater = patientOfSlot[early] ?? 0;
    if (!earlySlot || !lateSlot || early === late) continue;
    if ((subjects.lastSessionDay[movedEarlier] ?? 0) > earlySlot.days) continue;
    const crossesFirstYear = (earlySlot.segment === FIRST_YEAR_SEGMENT) !== (lateSlot.segment === FIRST_YEAR_SEGMENT);
    if (crossesFirstYear && subjects.bilobar[movedEarlier] !== subjects.bilobar[movedLater]) continue;
    patientOfSlot[early] = movedEarlier;
    patientOfSlot[late] = movedLater;
    const proposed = calibrationLoss(subjects, slots, patientOfSlot);
    if (proposed < current) {
      current = proposed;
    } else {
      patientOfSlot[early] = movedLater;
      patientOfSlot[late] = movedEarlier;
    }
  }
}

export function assignSurvival(random: Random, facts: readonly PatientFacts[]): SurvivalOutcome[] {
  const subjects = describeSubjects(facts);
  const slots = followUpSlots(subjects.size);
  const candidates = Math.max(1, Math.min(MAX_CANDIDATES, Math.ceil(CANDIDATE_BUDGET / subjects.size)));
  let best: { patientOfSlot: Int32Array; loss: number } | null = null;
  for (let candidate = 0; candidate < candidates; candidate++) {
    const patientOfSlot = drawAssignment(random.fork(`candidate-${candidate}`), subjects, slots);
    const loss = calibrationLoss(subjects, slots, patientOfSlot);
    if (best === null || loss < best.loss) best = { patientOfSlot, loss };
  }
  const patientOfSlot = best?.patientOfSlot ?? new Int32Array();
  refine(random.fork('refinement'), subjects, slots, patientOfSlot, best?.loss ?? Infinity);
  const outcomes = new Array<SurvivalOutcome>(subjects.size);
  slots.forEach((slot, s) => {
    outcomes[patientOfSlot[s] ?? 0] = { followUpDays: slot.days, died: slot.died };
  });
  return outcomes;
}
