/**
 * The cell-key secret stored in the database (db/schema/disclosure-secret.ts): read it, or create
 * it on first use (256 random bits, hex). Remembered per connection: it never changes.
 */
import { randomBytes } from 'node:crypto';
import { disclosureSecret } from '../../db/schema/index.js';
import type { Store } from './database.js';

const remembered = new WeakMap<Store, string>();

export function storedDisclosureSecret(db: Store): string {
  const known = remembered.get(db);
  if (known !== undefined) return known;
  const secret = db.transaction((tx) => {
    tx.insert(disclosureSecret).values({ id: 1, secret: randomBytes(32).toString('hex') }).onConflictDoNothing().run();
    return tx.select({ secret: disclosureSecret.secret }).from(disclosureSecret).get()!.secret;
  });
  remembered.set(db, secret);
  return secret;
}
