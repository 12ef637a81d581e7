/**
 * Writes schema/patient-filter-fields.graphql, PatientFilter's typed fields, from the data
 * dictionary (src/clinical/filter-fields.ts). `npm run codegen` runs it before graphql-codegen;
 * test/graphql/typed-filters.test.ts fails when the committed file differs from the dictionary.
 *
 *   npx tsx scripts/generate-filter-schema.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderFilterFieldsSdl } from '../src/clinical/filter-fields.js';
import { SCHEMA_FOLDER } from '../src/project-paths.js';

writeFileSync(join(SCHEMA_FOLDER, 'patient-filter-fields.graphql'), renderFilterFieldsSdl());
