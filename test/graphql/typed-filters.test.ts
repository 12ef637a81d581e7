/**
 * PatientFilter's typed fields (generated from the data dictionary) over GraphQL on the demo cohort:
 * each typed filter selects exactly the patients of its generic `variable` form, enum levels and
 * booleans are checked by GraphQL validation, and the generated SDL matches the dictionary.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { renderFilterFieldsSdl } from '../../src/clinical/filter-fields.js';
import { SCHEMA_FOLDER } from '../../src/project-paths.js';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.close(); });

async function idsOf(where: string): Promise<string[]> {
  const result = await server.gql(`{ patients(first: 500, where: ${where}) { totalCount nodes { id } } }`);
  expect(result.errors).toBeUndefined();
  const ids = (result.data!.patients.nodes as { id: string }[]).map((node) => node.id);
  expect(ids.length).toBe(result.data!.patients.totalCount);
  return ids;
}

/** Typed and generic forms of the same cohort, each selecting someone and not everyone. */
const EQUIVALENT: [typed: string, generic: string][] = [
  ['{ childPugh: { in: [B, C] }, ageAtIndex: { gte: 60 } }', '{ and: [{ variable: "childPugh", in: ["B", "C"] }, { variable: "ageAtIndex", gte: 60 }] }'],
  ['{ ascitesAtBaseline: { eq: true } }', '{ variable: "ascitesAtBaseline", eq: "true" }'],
  ['{ sex: { eq: FEMALE }, tumorBurden: { in: [FROM_25_TO_50, OVER_50] } }', '{ and: [{ variable: "sex", eq: "FEMALE" }, { variable: "tumorBurden", in: ["FROM_25_TO_50", "OVER_50"] }] }'],
  ['{ ecog: { gte: 1, lte: 2 } }', '{ variable: "ecog", gte: 1, lte: 2 }'],
  ['{ ecog: { in: [0, 2] } }', '{ variable: "ecog", in: ["0", "2"] }'],
  ['{ lab_ALP_BASELINE: { gt: 200 } }', '{ variable: "lab.ALP.BASELINE", gt: 200 }'],
  ['{ grade_ALP_BASELINE: { gte: 1 } }', '{ variable: "grade.ALP.BASELINE", gte: 1 }'],
  ['{ imaging_recist_YEAR_1: { isNull: false } }', '{ variable: "imaging.recist.YEAR_1", isNull: false }'],
  ['{ priorTherapy_TACE: { eq: false }, followUpMonths: { lt: 24 } }', '{ and: [{ variable: "priorTherapy.TACE", eq: "false" }, { variable: "followUpMonths", lt: 24 }] }'],
  ['{ or: [{ childPugh: { eq: C } }, { not: { extrahepaticMetastases: { eq: false } } }] }', '{ or: [{ variable: "childPugh", eq: "C" }, { not: { variable: "extrahepaticMetastases", eq: "false" } }] }'],
  ['{ variable: "sex", eq: "MALE", and: [{ ageAtIndex: { lt: 55 } }], treatmentDistribution: { eq: BILOBAR } }',
    '{ and: [{ variable: "sex", eq: "MALE" }, { variable: "ageAtIndex", lt: 55 }, { variable: "treatmentDistribution", eq: "BILOBAR" }] }'],
];

describe('typed filter fields', () => {
  it('the committed schema/patient-filter-fields.graphql is the dictionary\'s (npm run codegen rewrites it)', () => {
    expect(readFileSync(join(SCHEMA_FOLDER, 'patient-filter-fields.graphql'), 'utf8')).toBe(renderFilterFieldsSdl());
  });

  it.each(EQUIVALENT)('%s selects the patients of its generic form', async (typed, generic) => {
    const everyone = (await server.gql('{ patients { totalCount } }')).data!.patients.totalCount as number;
    const typedIds = await idsOf(typed);
    expect(typedIds).toEqual(await idsOf(generic));
    expect(typedIds.length).toBeGreaterThan(0);
    expect(typedIds.length).toBeLessThan(everyone);
  });

  it('runs the analyses on a typed cohort and saves one', async () => {
    const result = await server.gql(`{ cohort(where: { childPugh: { in: [B, C] } }) { size } generic: cohort(where: { variable: "childPugh", in: ["B", "C"] }) { size } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data!.cohort.size).toBe(result.data!.generic.size);
    const saved = await server.gql(`mutation { saveCohort(name: "Older, typed", where: { ageAtIndex: { gte: 60 } }) { id cohort { size } } }`);
    expect(saved.errors).toBeUndefined();
    expect(saved.data!.saveCohort.cohort.size).toBe((await idsOf('{ variable: "ageAtIndex", gte: 60 }')).length);
  });

  it('refuses values outside a variable\'s type before running, and predicates it lacks, naming the field', async () => {
    const level = await server.gql('{ patients(where: { childPugh: { in: [B, D] } }) { totalCount } }');
    expect(level.errors![0]!.extensions!['code']).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(level.errors![0]!.message).toMatch(/ChildPughLevel/);
    const bool = await server.gql('{ patients(where: { ascitesAtBaseline: { eq: "true" } }) { totalCount } }');
    expect(bool.errors![0]!.extensions!['code']).toBe('GRAPHQL_VALIDATION_FAILED');
    const range = await server.gql('{ patients(where: { sex: { gt: 1 } }) { totalCount } }');
    expect(range.errors![0]!.extensions!['code']).toBe('GRAPHQL_VALIDATION_FAILED');
    const empty = await server.gql('{ patients(where: { and: [{ sex: { eq: MALE } }], childPugh: { in: [] } }) { totalCount } }');
    expect(empty.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'where.childPugh.in' });
    const none = await server.gql('{ patients(where: { ageAtIndex: {} }) { totalCount } }');
    expect(none.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'where.ageAtIndex' });
    expect(none.errors![0]!.message).toMatch(/needs a predicate: eq, in, gt/);
  });
});
