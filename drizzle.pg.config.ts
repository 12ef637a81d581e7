import { defineConfig } from 'drizzle-kit';

/** The PostgreSQL migrations, generated from db/pg/schema.ts (derived from db/schema): `npx drizzle-kit generate --config drizzle.pg.config.ts`. */
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/pg/schema.ts',
  out: './db/pg/migrations',
  strict: true,
  verbose: true,
});
