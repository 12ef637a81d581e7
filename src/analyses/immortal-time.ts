/**
 * The immortal-time guard (api-contract.md, "Endpoints and time-to-event analyses"; docs/endpoints.md):
 * a covariate measured after the time origin — lab., grade. or imaging.<x>.<Timepoint> for a timepoint
 * after BASELINE — splits patients by something only those who lived to the timepoint's window can
 * have, so a model counting time from before that window credits the measured group with the
 * immortal time before it (Suissa, Am J Epidemiol 2008;167:492-9). Such a request is refused with
 * IMMORTAL_TIME_BIAS, naming the two ways out: a landmark at or after the end of the timepoint's
 * window, or the lab as a time-varying covariate (lab.<Analyte>, timeVarying: true).
 *
 * Allowed: origin INDEX_DATE or LAST_TREATMENT (at or after the index date) with landmarkMonths
 * × 30.4375 at or after the window's last day from the index date. From DIAGNOSIS (before the index
 * date by a different span for every patient) no landmark is enough.
 */
import { DAYS_PER_MONTH, DEFAULT_TIMEPOINT_WINDOWS, TIMEPOINTS, type Timepoint } from '../clinical/index.js';
import { ApiError } from '../errors.js';
import type { ResolvedCovariate } from './covariates.js';
import type { Endpoint } from './endpoint.js';

const MEASURED_AT_TIMEPOINT = /^(lab|grade|imaging)\.([^.]+)\.([A-Z0-9_]+)$/;

/** The timepoint after BASELINE a variable is measured at, or null. */
function postBaselineTimepoint(name: string): Timepoint | null {
  const match = MEASURED_AT_TIMEPOINT.exec(name);
  const timepoint = match?.[3] as Timepoint | undefined;
  return timepoint !== undefined && TIMEPOINTS.includes(timepoint) && timepoint !== 'BASELINE' ? timepoint : null;
}

/** The smallest landmark, in months to one decimal, at or after the window's last day. */
function landmarkAfter(timepoint: Timepoint): number {
  return Math.ceil((DEFAULT_TIMEPOINT_WINDOWS[timepoint].endDay / DAYS_PER_MONTH) * 10) / 10;
}

/** Throws IMMORTAL_TIME_BIAS for the first covariate measured after the endpoint's origin without a landmark past its window. */
export function refuseImmortalTime(covariates: readonly { covariate: ResolvedCovariate; argument: string }[], endpoint: Endpoint): void {
  for (const { covariate, argument } of covariates) {
    const name = covariate.variable.definition.name;
    const timepoint = postBaselineTimepoint(name);
    if (timepoint === null) continue;
    const window = DEFAULT_TIMEPOINT_WINDOWS[timepoint];
    const needed = landmarkAfter(timepoint);
    const landmarkDays = endpoint.landmarkMonths === null ? null : endpoint.landmarkMonths * DAYS_PER_MONTH;
    if (endpoint.origin !== 'DIAGNOSIS' && landmarkDays !== null && landmarkDays >= window.endDay) continue;
    const [family, subject] = name.split('.');
    const timeVarying = family === 'lab'
      ? `use "lab.${subject}" with \`timeVarying: true\` (its latest value in force at each time)`
      : `use the lab itself as a time-varying covariate (\`lab.<Analyte>\` with \`timeVarying: true\`)`;
    const from = endpoint.origin === 'DIAGNOSIS'
      ? 'from the diagnosis date, which precedes the index date by a different span for every patient, so no landmark removes it: count time from INDEX_DATE with'
      : 'give the endpoint';
    throw new ApiError(
      'IMMORTAL_TIME_BIAS',
      `"${name}" is measured ${window.startDay} to ${window.endDay} days after the index date, but ${endpoint.label} counts time from before that: `
      + `the patients with a value had to survive to be measured (immortal-time bias). Either ${from} \`landmarkMonths: ${needed}\` or later `
      + `(time then counts from the landmark, among the patients event-free at it), or ${timeVarying}.`,
      { argument, landmarkMonths: needed },
    );
  }
}
