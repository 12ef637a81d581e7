import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Append-only record of every request: who (key id, role, site), what (operation name, a hash of
 * the variables, never their values nor any key), what was served (rows and/or aggregates, the
 * suppressions applied), the outcome and the duration. Triggers in the migrations refuse updates
 * and deletes.
 */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
    apiKeyId: integer('api_key_id'),
    role: text('role').notNull(),
    siteCode: text('site_code'),
    channel: text('channel').notNull(),
    operationName: text('operation_name'),
    variablesHash: text('variables_hash'),
    servedRows: integer('served_rows', { mode: 'boolean' }).notNull(),
    servedAggregates: integer('served_aggregates', { mode: 'boolean' }).notNull(),
    suppressions: integer('suppressions').notNull(),
    outcome: text('outcome').notNull(),
    durationMs: integer('duration_ms').notNull(),
  },
  (t) => [index('audit_log_at').on(t.at), check('audit_log_outcome', sql`length(${t.outcome}) > 0`)],
);

export type AuditLogRow = typeof auditLog.$inferSelect;
