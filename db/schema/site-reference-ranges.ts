import { check, integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { ANALYTES } from './enums.js';
import { oneOf } from './sql-checks.js';
import { sites } from './sites.js';

/** A site's laboratory reference range for an analyte (canonical unit): the CTCAE fallback when a result carries no LLN/ULN. */
export const siteReferenceRanges = sqliteTable(
  'site_reference_ranges',
  {
    siteId: integer('site_id').notNull().references(() => sites.id, { onDelete: 'cascade' }),
    analyte: text('analyte', { enum: ANALYTES }).notNull(),
    lowerLimitOfNormal: real('lower_limit_of_normal'),
    upperLimitOfNormal: real('upper_limit_of_normal'),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.analyte] }), check('site_reference_ranges_analyte', oneOf(t.analyte, ANALYTES))],
);
