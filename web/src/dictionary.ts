/**
 * Reading the data dictionary (`variables`) for the page's pickers: which variables can group
 * patients, which are patient-level covariates, which analytes have timepoint values, and how to
 * sort a long list into groups a person can scan (patient-level, labs, CTCAE grades, imaging).
 */
import type { Analyte } from './generated/graphql';
import type { Variable } from './operations';

const FAMILIES = [
  { prefix: 'lab.', label: 'Labs at a timepoint' },
  { prefix: 'grade.', label: 'CTCAE grades at a timepoint' },
  { prefix: 'imaging.', label: 'Imaging at a timepoint' },
] as const;

function family(variable: Variable): string {
  return FAMILIES.find((candidate) => variable.name.startsWith(candidate.prefix))?.label ?? 'Patient';
}

export function isPatientLevel(variable: Variable): boolean {
  return family(variable) === 'Patient';
}

export function canGroup(variable: Variable): boolean {
  return variable.kind === 'BOOLEAN' || variable.kind === 'CATEGORICAL';
}

/** Options for a <select>, grouped by family, in dictionary order. */
export function optionGroups(variables: readonly Variable[]) {
  const families = [...new Set(variables.map(family))];
  return families.map((label) => ({
    label,
    options: variables.filter((variable) => family(variable) === label).map((variable) => ({ value: variable.name, text: variable.label })),
  }));
}

/** The analytes that have timepoint values (variables lab.<ANALYTE>.<TIMEPOINT>, labelled "<lab> at <timepoint>"). */
export function analytesOf(variables: readonly Variable[]): { analyte: Analyte; label: string }[] {
  const analytes = new Map<string, string>();
  for (const variable of variables) {
    const name = /^lab\.([A-Z_]+)\./.exec(variable.name)?.[1];
    if (name !== undefined && !analytes.has(name)) analytes.set(name, variable.label.replace(/ at (baseline|\d+ \w+)$/, ''));
  }
  // The dictionary names each analyte by its schema Analyte value.
  return [...analytes].map(([analyte, label]) => ({ analyte: analyte as Analyte, label }));
}
