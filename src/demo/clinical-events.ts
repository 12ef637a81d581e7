/**
 * Clinical events and causes of death of the synthetic cohort, derived from what the generator
 * already decided (survival, imaging, follow-up therapies), so that every endpoint reads a
 * consistent record (docs/demo-cohort.md, "Clinical events"):
 * - progression: on the date of the 1-year study read RECIST PD (in the liver; BOTH with
 *   extrahepatic metastases at baseline); and, for a patient who died of the tumour without
 *   such a reading, PROGRESSION_BEFORE_DEATH_DAYS before death (never before day 30, nor on or
 *   before a 1-year study that read no progression);
 * - hepatic decompensation: new ascites on the 1-year study, on its date;
 * - new therapy: each follow-up therapy, on its start date, with the agent as detail;
 * - cause of death: TREATMENT within TREATMENT_RELATED_DAYS of the index date (radioembolization-
 *   induced liver disease appears in the first weeks to months), LIVER after a hepatic
 *   decompensation or with Child-Pugh B/C at baseline, else TUMOR, OTHER or UNKNOWN with the
 *   shares of CAUSE_SHARES (liver-metastatic NET: most deaths are tumour deaths).
 * The patients' index-relative days are turned into dates by the caller.
 */
import type { ClinicalEventKind, DeathCause, ProgressionSite } from '../../db/schema/enums.js';
import type { Baseline } from './baseline.js';
import type { FollowUpTherapyPlan } from './follow-up-therapies.js';
import type { PatientImaging } from './imaging.js';
import type { Random } from './prng.js';
import type { SurvivalOutcome } from './survival.js';

const TREATMENT_RELATED_DAYS = 60;
const EARLIEST_PROGRESSION_DAY = 30;
const PROGRESSION_BEFORE_DEATH_DAYS = { min: 60, max: 240 } as const;
const CAUSE_SHARES = { TUMOR: 0.85, OTHER: 0.1 } as const;

export interface ClinicalEventPlan {
  patient: number;
  dayFromIndex: number;
  event: ClinicalEventKind;
  siteOfProgression: ProgressionSite | null;
  detail: string | null;
}

export interface ClinicalRecordPlan {
  events: ClinicalEventPlan[];
  /** Per patient; null for the living. */
  deathCauses: (DeathCause | null)[];
}

function causeOfDeath(random: Random, baseline: Baseline, outcome: SurvivalOutcome, decompensated: boolean): DeathCause {
  if (outcome.followUpDays <= TREATMENT_RELATED_DAYS) return 'TREATMENT';
  if (decompensated || baseline.childPugh !== 'A') return 'LIVER';
  const draw = random.uniform();
  return draw < CAUSE_SHARES.TUMOR ? 'TUMOR' : draw < CAUSE_SHARES.TUMOR + CAUSE_SHARES.OTHER ? 'OTHER' : 'UNKNOWN';
}

/** One event per (patient, day, kind), the natural key of clinical_events: two therapies started on one day become one event naming both. */
function mergedByKey(events: readonly ClinicalEventPlan[]): ClinicalEventPlan[] {
  const byKey = new Map<string, ClinicalEventPlan>();
  for (const event of events) {
    const key = `${event.patient}:${event.dayFromIndex}:${event.event}`;
    const seen = byKey.get(key);
    if (seen === undefined) byKey.set(key, { ...event });
    else seen.detail = [seen.detail, event.detail].filter((detail) => detail !== null).join('; ');
  }
  return [...byKey.values()].sort((a, b) => a.patient - b.patient || a.dayFromIndex - b.dayFromIndex || (a.event < b.event ? -1 : a.event > b.event ? 1 : 0));
}

export function planClinicalRecords(
  random: Random,
  baselines: readonly Baseline[],
  imaging: readonly PatientImaging[],
  outcomes: readonly SurvivalOutcome[],
  therapies: readonly FollowUpTherapyPlan[],
): ClinicalRecordPlan {
  const events: ClinicalEventPlan[] = [];
  const deathCauses = baselines.map((baseline, patient): DeathCause | null => {
    const outcome = outcomes[patient]!;
    const oneYear = imaging[patient]?.oneYear ?? null;
    const progressionSite: ProgressionSite = baseline.extrahepaticMetastases ? 'BOTH' : 'LIVER';
    const progressedAtOneYear = oneYear?.recist === 'PD';
    if (oneYear !== null && progressedAtOneYear) {
      events.push({ patient, dayFromIndex: oneYear.dayFromIndex, event: 'PROGRESSION', siteOfProgression: progressionSite, detail: 'RECIST PD at 1 year' });
    }
    const decompensated = oneYear?.findings.ascites === true;
    if (oneYear !== null && decompensated) {
      events.push({ patient, dayFromIndex: oneYear.dayFromIndex, event: 'HEPATIC_DECOMPENSATION', siteOfProgression: null, detail: 'new ascites' });
    }
    if (!outcome.died) return null;
    const cause = causeOfDeath(random, baseline, outcome, decompensated);
    const lead = random.integer(PROGRESSION_BEFORE_DEATH_DAYS.min, PROGRESSION_BEFORE_DEATH_DAYS.max);
    const earliest = Math.max(EARLIEST_PROGRESSION_DAY, (oneYear?.dayFromIndex ?? 0) + 1);
    const progressionDay = Math.max(earliest, outcome.followUpDays - lead);
    if (cause === 'TUMOR' && !progressedAtOneYear && progressionDay <= outcome.followUpDays) {
      events.push({ patient, dayFromIndex: progressionDay, event: 'PROGRESSION', siteOfProgression: progressionSite, detail: 'clinical or radiological progression' });
    }
    return cause;
  });
  for (const therapy of therapies) {
    events.push({ patient: therapy.patient, dayFromIndex: therapy.dayFromIndex, event: 'NEW_THERAPY', siteOfProgression: null, detail: therapy.agent });
  }
  return { events: mergedByKey(events), deathCauses };
}
