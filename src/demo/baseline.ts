/**
 * Baseline characteristics of the synthetic patients, with the category counts of Table 1 of
 * Tomozawa et al. 2018 (exact at 93 patients, proportional otherwise).
 *
 * Joint structure: two latent standard-normal factors per patient, hepatic dysfunction and
 * tumour activity, drive the correlated characteristics through ranked assignment
 * (ranked-assignment.ts): tumour burden, ECOG, ascites, Child-Pugh class (which also follows
 * ascites, one of its criteria), extrahepatic disease, baseline ALP elevation, and later the labs.
 * Sex, tumour type and age are independent of them.
 */
import type { ChildPughClass, Differentiation, Sex, TumorBurden, TumorType } from '../../db/schema/enums.js';
import { DAYS_PER_MONTH, DAYS_PER_YEAR } from '../clinical/index.js';
import { apportion } from './apportion.js';
import { matchMoments, scaleToMean } from './moments.js';
import type { Random } from './prng.js';
import { STUDY_SIZE, TABLE_1 } from './published-study.js';
import { assignByRank, latentScore } from './ranked-assignment.js';

export interface Baseline {
  sex: Sex;
  /** Age at the index date in whole days (age in years = days / 365.25). */
  ageDays: number;
  ecog: number;
  tumorType: TumorType;
  differentiation: Differentiation;
  tumorBurden: TumorBurden;
  ascites: boolean;
  extrahepaticMetastases: boolean;
  childPugh: ChildPughClass;
  /** Baseline ALP above 2.5 × ULN (CTCAE grade 2–3). */
  alpGrade2OrWorse: boolean;
  /** Days from the diagnosis of liver metastases to the index date. */
  diagnosisToIndexDays: number;
  /** Latent hepatic dysfunction, standard normal (higher = worse). */
  hepaticDysfunction: number;
  /** Latent tumour activity, standard normal (higher = more aggressive). */
  tumourActivity: number;
}

/** Two standard-normal factors combined with weights into one standard-normal factor. */
function combine(first: number, firstWeight: number, second: number, secondWeight: number): number {
  return (first * firstWeight + second * secondWeight) / Math.hypot(firstWeight, secondWeight);
}

/** A list holding `counts[k]` copies of `labels[k]`, shuffled. */
function shuffledLabels<T>(random: Random, labels: readonly T[], counts: readonly number[]): T[] {
  return random.shuffle(labels.flatMap((label, index) => new Array<T>(counts[index] ?? 0).fill(label)));
}

/** Patients with a yes/no characteristic that `count` of the study's 93 had. */
function presentCount(count: number, size: number): number {
  return apportion([count, STUDY_SIZE - count], size)[0] ?? 0;
}

/** Truncated standard normal on [−limit, limit], by rejection. */
function truncatedNormal(random: Random, limit: number): number {
  for (;;) {
    const z = random.normal();
    if (Math.abs(z) <= limit) return z;
  }
}

const YOUNGEST_YEARS = Math.ceil(TABLE_1.age.min * DAYS_PER_YEAR) / DAYS_PER_YEAR;
const OLDEST_YEARS = Math.floor(TABLE_1.age.max * DAYS_PER_YEAR) / DAYS_PER_YEAR;

/**
 * Ages with Table 1's mean and sample SD (to well within 0.005 years) and its exact range: one
 * patient at each end, the others drawn from a normal truncated at ±2 SD and mapped to the
 * mean and SD the two ends leave for them.
 */
function agesInDays(random: Random, size: number): number[] {
  const { mean, sd } = TABLE_1.age;
  const draw = (): number => mean + sd * truncatedNormal(random, 2);
  const middleCount = size - 2;
  const middleMean = (size * mean - YOUNGEST_YEARS - OLDEST_YEARS) / middleCount;
  const squares = (size - 1) * sd * sd + size * mean * mean - YOUNGEST_YEARS ** 2 - OLDEST_YEARS ** 2;
  const middleSd = Math.sqrt((squares - middleCount * middleMean * middleMean) / (middleCount - 1));
  const draws = Array.from({ length: middleCount }, draw);
  const inside = { lower: YOUNGEST_YEARS, upper: OLDEST_YEARS };
  const middle = matchMoments(draws, draws.map(() => inside), { mean: middleMean, sd: middleSd });
  return random.shuffle([YOUNGEST_YEARS, OLDEST_YEARS, ...middle]).map((age) => Math.round(age * DAYS_PER_YEAR));
}

/** Diagnosed at 16 or older. */
const MIN_AGE_AT_DIAGNOSIS_DAYS = 16 * 365;
/** The range ends of Table 1 (1 and 216 months) rounded outward to whole days. */
const SHORTEST_INTERVAL_DAYS = Math.ceil(TABLE_1.monthsFromDiagnosisToTare.min * DAYS_PER_MONTH);
const LONGEST_INTERVAL_DAYS = Math.ceil(TABLE_1.monthsFromDiagnosisToTare.max * DAYS_PER_MONTH);
/** Log-scale SD of the diagnosis-to-TARE interval: a right-skewed spread around a median of about 16 months. */
const INTERVAL_LOG_SD = 1.0;

/**
 * Months from liver-metastasis diagnosis to TARE: log-normal with Table 1's mean, the range ends
 * given to one patient each (the longest to a patient old enough for it).
 */
function diagnosisIntervals(random: Random, ageDays: readonly number[]): number[] {
  const size = ageDays.length;
  const meanDays = TABLE_1.monthsFromDiagnosisToTare.mean * DAYS_PER_MONTH;
  const logLocation = Math.log(meanDays) - (INTERVAL_LOG_SD * INTERVAL_LOG_SD) / 2;
  const bounds = ageDays.map((age) => ({
    lower: SHORTEST_INTERVAL_DAYS,
    upper: Math.min(LONGEST_INTERVAL_DAYS, age - MIN_AGE_AT_DIAGNOSIS_DAYS),
  }));
  const draws = ageDays.map(() => Math.exp(logLocation + INTERVAL_LOG_SD * random.normal()));
  const oldEnough = ageDays.flatMap((age, index) => (age - MIN_AGE_AT_DIAGNOSIS_DAYS >= LONGEST_INTERVAL_DAYS ? [index] : []));
  const longest = oldEnough[random.integer(0, oldEnough.length - 1)] ?? 0;
  const others = ageDays.flatMap((_, index) => (index === longest ? [] : [index]));
  const shortest = others[random.integer(0, others.length - 1)] ?? 0;
  const middle = others.filter((index) => index !== shortest);
  const middleMean = (size * meanDays - SHORTEST_INTERVAL_DAYS - LONGEST_INTERVAL_DAYS) / middle.length;
  const scaled = scaleToMean(
    middle.map((index) => draws[index] ?? meanDays),
    middle.map((index) => bounds[index] ?? { lower: SHORTEST_INTERVAL_DAYS, upper: LONGEST_INTERVAL_DAYS }),
    middleMean,
  );
  const intervals = new Array<number>(size).fill(0);
  intervals[longest] = LONGEST_INTERVAL_DAYS;
  intervals[shortest] = SHORTEST_INTERVAL_DAYS;
  middle.forEach((index, k) => {
    intervals[index] = Math.round(scaled[k] ?? meanDays);
  });
  return intervals;
}

/**
 * Correlation of each characteristic's ranking score with its latent factor (ranked-assignment.ts),
 * and shifts for the links between characteristics: ascites is a Child-Pugh criterion, and a
 * burden over 50 % raises ALP.
 */
const LOADING = { burden: 0.8, ecog: 0.45, ascites: 0.75, childPugh: 0.6, extrahepatic: 0.35, alp: 0.7, differentiation: 0.4 } as const;
const CHILD_PUGH_SHIFT_WITH_ASCITES = 0.9;
const ALP_SHIFT_WITH_LARGE_BURDEN = 0.4;

export function generateBaselines(random: Random, size: number): Baseline[] {
  const t1 = TABLE_1;
  const hepatic = Array.from({ length: size }, () => random.normal());
  const tumour = Array.from({ length: size }, () => random.normal());
  const scores = (build: (index: number) => number): number[] => hepatic.map((_, index) => build(index));
  const at = (values: readonly number[], index: number): number => values[index] ?? 0;

  const sexes = shuffledLabels(random, ['MALE', 'FEMALE'] as const, apportion([t1.sex.MALE, t1.sex.FEMALE], size));
  const tumorTypes = shuffledLabels(random, ['CARCINOID', 'ISLET_CELL'] as const, apportion([t1.tumorType.CARCINOID, t1.tumorType.ISLET_CELL], size));

  const burdenCounts = apportion([t1.tumorBurden.OVER_50, t1.tumorBurden.FROM_25_TO_50, t1.tumorBurden.UNDER_25], size);
  const burden = assignByRank(scores((i) => latentScore(random, at(tumour, i), LOADING.burden)), burdenCounts);

  const ecogCounts = apportion([...t1.ecog].reverse(), size);
  const ecogRank = assignByRank(scores((i) => latentScore(random, combine(at(hepatic, i), 0.6, at(tumour, i), 0.4), LOADING.ecog)), ecogCounts);

  const ascitesCount = presentCount(t1.ascites, size);
  const ascites = assignByRank(
    scores((i) => latentScore(random, combine(at(hepatic, i), 0.8, at(tumour, i), 0.35), LOADING.ascites)),
    [ascitesCount, size - ascitesCount],
  );

  const childPughCounts = apportion([t1.childPugh.C, t1.childPugh.B, t1.childPugh.A], size);
  const childPugh = assignByRank(
    scores((i) => latentScore(random, at(hepatic, i), LOADING.childPugh) + (ascites[i] === 0 ? CHILD_PUGH_SHIFT_WITH_ASCITES : 0)),
    childPughCounts,
  );

  const extrahepaticCount = presentCount(t1.extrahepaticMetastases, size);
  const extrahepatic = assignByRank(scores((i) => latentScore(random, at(tumour, i), LOADING.extrahepatic)), [extrahepaticCount, size - extrahepaticCount]);

  const alpCount = presentCount(t1.alpGrade2OrWorse, size);
  const alp = assignByRank(
    scores((i) => latentScore(random, combine(at(tumour, i), 0.7, at(hepatic, i), 0.3), LOADING.alp) + (burden[i] === 0 ? ALP_SHIFT_WITH_LARGE_BURDEN : 0)),
    [alpCount, size - alpCount],
  );

  const [unknownCount = 0, moderatePoorCount = 0, wellCount = 0] = apportion(
    [t1.differentiation.UNKNOWN, t1.differentiation.MODERATE_POOR, t1.differentiation.WELL],
    size,
  );
  const unknownDifferentiation = new Set(random.shuffle(hepatic.map((_, index) => index)).slice(0, unknownCount));
  const graded = hepatic.map((_, index) => index).filter((index) => !unknownDifferentiation.has(index));
  const gradedRank = assignByRank(graded.map((index) => latentScore(random, at(tumour, index), LOADING.differentiation)), [moderatePoorCount, wellCount]);
  const differentiation = new Array<Differentiation>(size).fill('UNKNOWN');
  graded.forEach((index, k) => {
    differentiation[index] = gradedRank[k] === 0 ? 'MODERATE_POOR' : 'WELL';
  });

  const ages = agesInDays(random, size);
  const intervals = diagnosisIntervals(random, ages);
  const burdenLevels: readonly TumorBurden[] = ['OVER_50', 'FROM_25_TO_50', 'UNDER_25'];
  const childPughLevels: readonly ChildPughClass[] = ['C', 'B', 'A'];

  return hepatic.map((hepaticDysfunction, i) => ({
    sex: sexes[i] ?? 'FEMALE',
    ageDays: at(ages, i),
    ecog: 2 - at(ecogRank, i),
    tumorType: tumorTypes[i] ?? 'CARCINOID',
    differentiation: differentiation[i] ?? 'UNKNOWN',
    tumorBurden: burdenLevels[at(burden, i)] ?? 'UNDER_25',
    ascites: ascites[i] === 0,
    extrahepaticMetastases: extrahepatic[i] === 0,
    childPugh: childPughLevels[at(childPugh, i)] ?? 'A',
    alpGrade2OrWorse: alp[i] === 0,
    diagnosisToIndexDays: at(intervals, i),
    hepaticDysfunction,
    tumourActivity: at(tumour, i),
  }));
}
