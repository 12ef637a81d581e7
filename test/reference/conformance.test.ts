/**
 * Conformance with R: every golden case of the folders REFERENCE_CASES (default both vendored sets,
 * test/golden/cases and test/golden/cases-extended) is run through the engine's procedure of its name and every field of `expected` is compared
 * (tolerances and rules: compare.ts). One test per case, named by the case; a case of a procedure
 * the engine lacks fails. At the end the worst relative error per procedure is printed, the figure
 * to quote when the engine changes.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { loadReferenceCases, referenceCasesDirectories, type Mismatch, type WorstError } from './compare.js';
import { evaluateReferenceCase } from './procedures.js';

/** Enough mismatches to see the pattern without drowning the report. */
const MISMATCHES_SHOWN = 20;

const directories = referenceCasesDirectories();

function summarize(mismatches: Mismatch[]): string[] {
  const shown = mismatches.slice(0, MISMATCHES_SHOWN).map(({ path, message }) => `${path}: ${message}`);
  const hidden = mismatches.length - shown.length;
  return hidden > 0 ? [...shown, `... and ${hidden} more`] : shown;
}

/** Per procedure: the worst relative error seen, in which case and field. */
const worstByProcedure = new Map<string, WorstError & { caseName: string }>();

for (const directory of directories) {
  const cases = loadReferenceCases(directory);
  describe(`reference cases in ${directory}`, () => {
    test('the folder holds cases', () => {
      expect(cases.length).toBeGreaterThan(0);
    });

    for (const referenceCase of cases) {
      test(referenceCase.name, () => {
        const { mismatches, worst } = evaluateReferenceCase(referenceCase);
        const known = worstByProcedure.get(referenceCase.procedure);
        if (worst !== null && (known === undefined || worst.relativeError > known.relativeError)) {
          worstByProcedure.set(referenceCase.procedure, { ...worst, caseName: referenceCase.name });
        }
        expect(summarize(mismatches)).toEqual([]);
      });
    }
  });
}

afterAll(() => {
  const lines = [...worstByProcedure].sort(([a], [b]) => (a < b ? -1 : 1)).map(
    ([procedure, { relativeError, caseName, path }]) =>
      `  ${procedure.padEnd(22)} ${relativeError.toExponential(2)}  (${caseName}, ${path})`,
  );
  console.log(`worst relative error per procedure (${directories.join(', ')}):\n${lines.join('\n')}`);
});
