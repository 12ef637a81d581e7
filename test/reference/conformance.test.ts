/**
 * Conformance with R: every golden case of the folder REFERENCE_CASES (default test/golden/cases)
 * is run through the engine's procedure of its name and every field of `expected` is compared
 * (tolerances and rules: compare.ts). One test per case, named by the case.
 */
import { describe, expect, test } from 'vitest';
import { loadReferenceCases, referenceCasesDirectory, type Mismatch } from './compare.js';
import { runReferenceCase } from './procedures.js';

/** Enough mismatches to see the pattern without drowning the report. */
const MISMATCHES_SHOWN = 20;

const directory = referenceCasesDirectory();
const cases = loadReferenceCases(directory);

function summarize(mismatches: Mismatch[]): string[] {
  const shown = mismatches.slice(0, MISMATCHES_SHOWN).map(({ path, message }) => `${path}: ${message}`);
  const hidden = mismatches.length - shown.length;
  return hidden > 0 ? [...shown, `... and ${hidden} more`] : shown;
}

describe(`reference cases in ${directory}`, () => {
  test('the folder holds cases', () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  for (const referenceCase of cases) {
    test(referenceCase.name, () => {
      expect(summarize(runReferenceCase(referenceCase))).toEqual([]);
    });
  }
});
