/**
 * Time-to-event endpoints (api-contract.md, "Endpoints and time-to-event analyses"; the rules in
 * docs/endpoints.md): from an EndpointInput and one patient's timeline (days from the index date of
 * death, last follow-up, clinical events, imaging, graded labs), the patient's (time, status) with
 * status 0 censored, 1 the event of interest, 2.. the competing events in the order given; or the
 * patient's exclusion with its reason. Pure: the timelines come from src/store/endpoint-timelines.ts.
 *
 *   origin o: INDEX_DATE day 0, DIAGNOSIS the liver-metastasis diagnosis, LAST_TREATMENT the last TARE session;
 *   end of follow-up e = death day, else last follow-up day;
 *   an event kind occurs on the first day d of its records with o < d <= e (a death: o <= d);
 *   LAB_GRADE and IMAGING_FINDING only after the index date (d > 0: baseline results describe the
 *   patient before treatment);
 *   the first occurrence among events and competing events ends follow-up with its status, the
 *   event of interest before a competing event on the same day, competing events in the order listed;
 *   a death that is neither an event nor a competing event (another cause) censors;
 *   time t = d - o, else e - o censored; censorAtMonths c: t > c days -> (c, 0);
 *   landmarkMonths L: only patients with t > L days (event-free and followed past the landmark),
 *   time t - L.
 * Months are days / 30.4375 (src/clinical/units.ts).
 */
import type { ClinicalEventKind, DeathCause, ProgressionSite } from '../../db/schema/enums.js';
import { DAYS_PER_MONTH, type AnalyteName, type CtcaeVersion } from '../clinical/index.js';
import { badUserInput } from '../errors.js';

export type EndpointPreset = 'OS' | 'PFS' | 'TTP' | 'HEPATIC_PFS';
export type TimeOrigin = 'INDEX_DATE' | 'DIAGNOSIS' | 'LAST_TREATMENT';
export type EventKind = 'DEATH' | ClinicalEventKind | 'LAB_GRADE' | 'IMAGING_FINDING';
export type EndpointImagingFinding = 'ASCITES' | 'CIRRHOSIS_LIKE_MORPHOLOGY' | 'SPLENOMEGALY' | 'VARICES';

export interface EventInput {
  kind: EventKind;
  cause?: DeathCause | null;
  analyte?: AnalyteName | null;
  grade?: number | null;
  ctcaeVersion?: CtcaeVersion | null;
  finding?: EndpointImagingFinding | null;
  /** PROGRESSION only: count progressions at these sites (a RECIST PD on imaging counts as LIVER); default all. */
  progressionSites?: ProgressionSite[] | null;
}

export interface EndpointInput {
  preset?: EndpointPreset | null;
  events?: EventInput[] | null;
  competing?: EventInput[] | null;
  origin?: TimeOrigin | null;
  landmarkMonths?: number | null;
  censorAtMonths?: number | null;
}

/** An endpoint checked and spelled out: presets expanded, defaults made explicit. */
export interface Endpoint {
  events: EventInput[];
  competing: EventInput[];
  origin: TimeOrigin;
  landmarkMonths: number | null;
  censorAtMonths: number | null;
  /** How results name it, e.g. "OS", "PFS from the last TARE session, landmark 3 months". */
  label: string;
  /** The name of each status: [0] the event of interest (status 1), then each competing event (status 2, 3, ...). */
  causeLabels: string[];
}

const DEATH: EventInput = { kind: 'DEATH' };
const PROGRESSION: EventInput = { kind: 'PROGRESSION' };
const PRESETS: Readonly<Record<EndpointPreset, { events: EventInput[]; competing: EventInput[] }>> = {
  OS: { events: [DEATH], competing: [] },
  PFS: { events: [PROGRESSION, DEATH], competing: [] },
  TTP: { events: [PROGRESSION], competing: [DEATH] },
  HEPATIC_PFS: { events: [{ kind: 'PROGRESSION', progressionSites: ['LIVER', 'BOTH'] }, { kind: 'HEPATIC_DECOMPENSATION' }, DEATH], competing: [] },
};
const MAX_EVENT_INPUTS = 10;
const MAX_GRADE = 5;
const ORIGIN_WORDS: Readonly<Record<TimeOrigin, string>> = {
  INDEX_DATE: 'the index date', DIAGNOSIS: 'the liver-metastasis diagnosis', LAST_TREATMENT: 'the last TARE session',
};

export const OVERALL_SURVIVAL: Endpoint = { ...PRESETS.OS, origin: 'INDEX_DATE', landmarkMonths: null, censorAtMonths: null, label: 'OS', causeLabels: ['death'] };

function checkEvent(event: EventInput, argument: string): EventInput {
  const has = (field: keyof EventInput) => event[field] !== null && event[field] !== undefined;
  const only = (field: keyof EventInput, kind: EventKind) => {
    if (has(field) && event.kind !== kind) throw badUserInput(`\`${field}\` is for ${kind} events only.`, `${argument}.${field}`);
  };
  only('cause', 'DEATH');
  only('analyte', 'LAB_GRADE');
  only('grade', 'LAB_GRADE');
  only('finding', 'IMAGING_FINDING');
  only('progressionSites', 'PROGRESSION');
  if (event.kind === 'LAB_GRADE') {
    if (!has('analyte')) throw badUserInput('A LAB_GRADE event needs `analyte`.', `${argument}.analyte`);
    const grade = event.grade;
    if (grade === null || grade === undefined || !Number.isInteger(grade) || grade < 1 || grade > MAX_GRADE) {
      throw badUserInput(`A LAB_GRADE event needs \`grade\`, a CTCAE grade from 1 to ${MAX_GRADE}.`, `${argument}.grade`);
    }
  }
  if (event.kind === 'IMAGING_FINDING' && !has('finding')) throw badUserInput('An IMAGING_FINDING event needs `finding`.', `${argument}.finding`);
  if (event.progressionSites?.length === 0) throw badUserInput('`progressionSites` needs at least one site (leave it out for all).', `${argument}.progressionSites`);
  return event;
}

function checkMonths(value: number | null | undefined, argument: string): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isFinite(value) || value <= 0) throw badUserInput(`\`${argument.split('.').pop()}\` must be a number of months above 0, got ${value}.`, argument);
  return value;
}

function eventLabel(event: EventInput): string {
  switch (event.kind) {
    case 'DEATH': return event.cause ? `death (${event.cause.toLowerCase()})` : 'death';
    case 'LAB_GRADE': return `${event.analyte} grade >= ${event.grade}`;
    case 'IMAGING_FINDING': return `${event.finding!.toLowerCase().replaceAll('_', ' ')} on imaging`;
    case 'PROGRESSION': return event.progressionSites ? `progression (${event.progressionSites.join('/').toLowerCase()})` : 'progression';
    default: return event.kind.toLowerCase().replaceAll('_', ' ');
  }
}

/** Checks an EndpointInput (null: overall survival) and spells it out; errors name `argument`'s fields. */
export function resolveEndpoint(input: EndpointInput | null | undefined, argument = 'endpoint'): Endpoint {
  if (input === null || input === undefined) return OVERALL_SURVIVAL;
  const custom = (input.events ?? null) !== null || (input.competing ?? null) !== null;
  if (input.preset && custom) throw badUserInput('Give either `preset` or `events` (with `competing`), not both.', `${argument}.preset`);
  if (custom && (input.events ?? []).length === 0) throw badUserInput('`events` needs at least one event (`competing` alone has no event of interest).', `${argument}.events`);
  for (const list of ['events', 'competing'] as const) {
    if ((input[list] ?? []).length > MAX_EVENT_INPUTS) throw badUserInput(`At most ${MAX_EVENT_INPUTS} ${list}.`, `${argument}.${list}`);
  }
  const preset = input.preset ?? (custom ? null : 'OS');
  const events = preset ? PRESETS[preset].events : input.events!.map((event, i) => checkEvent(event, `${argument}.events[${i}]`));
  const competing = preset ? PRESETS[preset].competing : (input.competing ?? []).map((event, i) => checkEvent(event, `${argument}.competing[${i}]`));
  const origin = input.origin ?? 'INDEX_DATE';
  const landmarkMonths = checkMonths(input.landmarkMonths, `${argument}.landmarkMonths`);
  const censorAtMonths = checkMonths(input.censorAtMonths, `${argument}.censorAtMonths`);
  if (landmarkMonths !== null && censorAtMonths !== null && censorAtMonths <= landmarkMonths) {
    throw badUserInput(`\`censorAtMonths\` (${censorAtMonths}) must lie after \`landmarkMonths\` (${landmarkMonths}): nobody would be followed.`, `${argument}.censorAtMonths`);
  }
  const name = preset ?? `${events.map(eventLabel).join(' or ')}${competing.length > 0 ? `; competing: ${competing.map(eventLabel).join(', ')}` : ''}`;
  const details = [
    origin === 'INDEX_DATE' ? null : `from ${ORIGIN_WORDS[origin]}`,
    landmarkMonths === null ? null : `landmark ${landmarkMonths} months`,
    censorAtMonths === null ? null : `censored at ${censorAtMonths} months`,
  ].filter((detail) => detail !== null);
  return {
    events, competing, origin, landmarkMonths, censorAtMonths, label: details.length === 0 ? name : `${name} (${details.join(', ')})`,
    causeLabels: [events.map(eventLabel).join(' or '), ...competing.map(eventLabel)],
  };
}

/** What a result says it measured, for the people who read it (plots' titles and axes): not the rules, which `Endpoint` holds. */
export interface EndpointNaming {
  /** As `Endpoint.label`: "OS", "PFS (from the last TARE session)", ... */
  label: string;
  /** The event of interest in words: "death", "progression or death", ... */
  event: string;
  origin: TimeOrigin;
}

export function endpointNaming(endpoint: Endpoint): EndpointNaming {
  return { label: endpoint.label, event: endpoint.causeLabels[0]!, origin: endpoint.origin };
}

/** One patient's records as days from the index date (the store's endpoint timeline). */
export interface PatientTimeline {
  diagnosisDay: number | null;
  lastTreatmentDay: number | null;
  deathDay: number | null;
  deathCause: DeathCause | null;
  lastFollowUpDay: number;
  events: readonly { day: number; event: ClinicalEventKind; siteOfProgression: ProgressionSite | null }[];
  imaging: readonly { day: number; recist: string | null; ascites: boolean; cirrhosisLikeMorphology: boolean; splenomegaly: boolean; varices: boolean }[];
  labs: readonly { day: number; analyte: string; gradeV5: number | null; gradeV403: number | null }[];
}

export type Outcome = { time: number; status: number } | { excluded: string };

const FINDING_FIELD = {
  ASCITES: 'ascites', CIRRHOSIS_LIKE_MORPHOLOGY: 'cirrhosisLikeMorphology', SPLENOMEGALY: 'splenomegaly', VARICES: 'varices',
} as const;

/** The days on which the patient's records show `event` (any order). */
function occurrenceDays(event: EventInput, timeline: PatientTimeline): number[] {
  switch (event.kind) {
    case 'DEATH': {
      if (timeline.deathDay === null) return [];
      const cause = timeline.deathCause ?? 'UNKNOWN';
      return event.cause === null || event.cause === undefined || event.cause === cause ? [timeline.deathDay] : [];
    }
    case 'PROGRESSION': {
      const sites = event.progressionSites ?? null;
      const recorded = timeline.events
        .filter((e) => e.event === 'PROGRESSION' && (sites === null || e.siteOfProgression === null || sites.includes(e.siteOfProgression)))
        .map((e) => e.day);
      const onImaging = sites === null || sites.includes('LIVER') ? timeline.imaging.filter((study) => study.recist === 'PD').map((study) => study.day) : [];
      return [...recorded, ...onImaging];
    }
    case 'LAB_GRADE': {
      const v4 = event.ctcaeVersion === 'V4_03';
      return timeline.labs
        .filter((lab) => lab.day > 0 && lab.analyte === event.analyte && ((v4 ? lab.gradeV403 : lab.gradeV5) ?? -1) >= event.grade!)
        .map((lab) => lab.day);
    }
    case 'IMAGING_FINDING': {
      const field = FINDING_FIELD[event.finding!];
      return timeline.imaging.filter((study) => study.day > 0 && study[field]).map((study) => study.day);
    }
    default:
      return timeline.events.filter((e) => e.event === event.kind).map((e) => e.day);
  }
}

function originDay(origin: TimeOrigin, timeline: PatientTimeline): number | string {
  if (origin === 'INDEX_DATE') return 0;
  if (origin === 'DIAGNOSIS') return timeline.diagnosisDay ?? 'no liver-metastasis diagnosis date (origin DIAGNOSIS)';
  return timeline.lastTreatmentDay ?? 'no TARE session (origin LAST_TREATMENT)';
}

/** The patient's (time in days from the origin, or the landmark, and status), or why the patient has no usable time. */
export function patientOutcome(endpoint: Endpoint, timeline: PatientTimeline): Outcome {
  const origin = originDay(endpoint.origin, timeline);
  if (typeof origin === 'string') return { excluded: origin };
  const end = timeline.deathDay ?? timeline.lastFollowUpDay;
  if (end < origin) return { excluded: `follow-up ends before ${ORIGIN_WORDS[endpoint.origin]}` };
  let first: { day: number; status: number } | null = null;
  const listed = [...endpoint.events.map((event) => ({ event, status: 1 })), ...endpoint.competing.map((event, i) => ({ event, status: 2 + i }))];
  for (const { event, status } of listed) {
    for (const day of occurrenceDays(event, timeline)) {
      const afterOrigin = event.kind === 'DEATH' ? day >= origin : day > origin;
      if (!afterOrigin || day > end) continue;
      if (first === null || day < first.day || (day === first.day && status < first.status)) first = { day, status };
    }
  }
  let time = first === null ? end - origin : first.day - origin;
  let status = first === null ? 0 : first.status;
  if (endpoint.censorAtMonths !== null) {
    const cutoff = endpoint.censorAtMonths * DAYS_PER_MONTH;
    if (time > cutoff) [time, status] = [cutoff, 0];
  }
  if (endpoint.landmarkMonths !== null) {
    const landmark = endpoint.landmarkMonths * DAYS_PER_MONTH;
    if (!(time > landmark)) return { excluded: `an event or the end of follow-up before the ${endpoint.landmarkMonths}-month landmark` };
    time -= landmark;
  }
  return { time, status };
}
