/**
 * The layering of docs/architecture.md, enforced: ESLint refuses an import that points up (or
 * sideways where the order forbids it) and any driver import outside src/store/; src/ has no
 * import cycle, type-only imports included.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { importCycles, importGraph } from './import-graph.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: ROOT });

/** The rule ids ESLint reports for `source` as if it were the file at `path`. */
async function violations(path: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: `${ROOT}/${path}` });
  return result!.messages.map((message) => message.ruleId ?? message.message);
}

describe('layer boundaries', () => {
  it.each([
    ['src/stats/probe.ts', "import { openDatabase } from '../store/database.js';\nexport const probe = openDatabase;\n", 'import-x/no-restricted-paths'],
    ['src/clinical/probe.ts', "import { kaplanMeier } from '../stats/index.js';\nexport const probe = kaplanMeier;\n", 'import-x/no-restricted-paths'],
    ['src/store/probe.ts', "import { SCHEMA_FOLDER } from '../graphql/schema.js';\nexport const probe = SCHEMA_FOLDER;\n", 'import-x/no-restricted-paths'],
    ['src/store/probe.ts', "import { selectCohort } from '../records/cohorts.js';\nexport const probe = selectCohort;\n", 'import-x/no-restricted-paths'],
    ['src/access/probe.ts', "import type { CohortSelection } from '../records/cohorts.js';\nexport type Probe = CohortSelection;\n", 'import-x/no-restricted-paths'],
    ['src/records/probe.ts', "import { estimateSurvival } from '../analyses/survival.js';\nexport const probe = estimateSurvival;\n", 'import-x/no-restricted-paths'],
    ['src/analyses/probe.ts', "import { resolvers } from '../graphql/resolvers.js';\nexport const probe = resolvers;\n", 'import-x/no-restricted-paths'],
    ['src/records/probe.ts', "import { sql } from 'drizzle-orm';\nexport const probe = sql`1`;\n", 'no-restricted-imports'],
    ['src/analyses/probe.ts', "import Database from 'better-sqlite3';\nexport const probe = Database;\n", 'no-restricted-imports'],
    ['src/store/probe.ts', "import Database from 'better-sqlite3';\nexport const probe = Database;\n", 'no-restricted-imports'],
    ['src/clinical/probe.ts', "import { readFileSync } from 'node:fs';\nexport const probe = readFileSync;\n", 'no-restricted-imports'],
  ])('%s: refuses %j', async (path, source, rule) => {
    expect(await violations(path, source)).toContain(rule);
  });

  it('accepts imports that point down', async () => {
    expect(await violations('src/analyses/probe.ts',
      "import { kaplanMeier } from '../stats/index.js';\nimport { countPatients } from '../store/patients.js';\nexport const probe = [kaplanMeier, countPatients];\n")).toEqual([]);
  });
});

describe('import cycles', () => {
  it('src/ has none, type-only imports included', () => {
    expect(importCycles(importGraph(ROOT))).toEqual([]);
  });

  it('the cycle finder sees a cycle through type imports', () => {
    const graph = new Map([['a.ts', ['b.ts']], ['b.ts', ['c.ts']], ['c.ts', ['a.ts']], ['d.ts', ['a.ts']]]);
    expect(importCycles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });
});
