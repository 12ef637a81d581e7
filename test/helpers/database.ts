/** An in-memory database with the migrations applied, counting the SQL statements sent through Drizzle. */
import { openDatabase, type Store } from '../../src/store/database.js';
import { migrateDatabase } from '../../src/store/migrate.js';

export interface TestDatabase {
  db: Store;
  /** Statements sent since the last reset. */
  statements: string[];
  resetStatements(): void;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const statements: string[] = [];
  const db = openDatabase(':memory:', { onQuery: (sql) => statements.push(sql) });
  await migrateDatabase(db);
  statements.length = 0;
  return { db, statements, resetStatements: () => { statements.length = 0; } };
}
