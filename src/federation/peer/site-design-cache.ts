/**
 * The designs of the Cox models a coordinator is fitting, kept between its Newton–Raphson rounds:
 * one fit asks the same site for the same model at 5 to 10 values of beta, and reading and coding
 * the cohort's frame (one SQL pass, the covariates coded, complete cases) is most of the cost of
 * each answer. Keyed by the data version (src/store/data-version.ts: any write to patient data
 * moves it, so a cached design never outlives the rows it was read from), the cohort's definition
 * and the model; a few entries per process (each worker thread has its own), least recently used
 * first out.
 */
import { currentDataVersion } from '../../store/data-version.js';
import type { Store } from '../../store/database.js';

const ENTRIES = 4;

export class SiteDesignCache<Design> {
  private readonly entries = new Map<string, Design>();

  async get(db: Store, scope: unknown, build: () => Promise<Design>): Promise<Design> {
    const key = `${await currentDataVersion(db)}\u0000${JSON.stringify(scope)}`;
    const known = this.entries.get(key);
    if (known !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, known);
      return known;
    }
    const design = await build();
    this.entries.set(key, design);
    while (this.entries.size > ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    return design;
  }
}
