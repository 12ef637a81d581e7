/**
 * The cell-key secret stored in the database (db/schema/disclosure-secret.ts): read it, or create
 * it on first use (256 random bits, hex). Remembered per connection: it never changes.
 */
import { randomBytes } from 'node:crypto';
import { disclosureSecret } from '../../db/schema/index.js';
import type { Store } from './database.js';
import { inTransaction, queryChanges, queryFirst } from './driver.js';

const remembered = new WeakMap<Store, string>();

export async function storedDisclosureSecret(db: Store): Promise<string> {
  const known = remembered.get(db);
  if (known !== undefined) return known;
  const secret = await inTransaction(db, async () => {
    await queryChanges(db, db.insert(disclosureSecret).values({ id: 1, secret: randomBytes(32).toString('hex') }).onConflictDoNothing());
    return (await queryFirst(db, db.select({ secret: disclosureSecret.secret }).from(disclosureSecret)))!.secret;
  });
  remembered.set(db, secret);
  return secret;
}
