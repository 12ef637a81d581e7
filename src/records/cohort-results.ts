/**
 * The values one Cohort object releases in one response, each with what disclosure control
 * withheld from it (`Disclosed`: result, suppressions, accounting). `Cohort.suppressions` lists
 * what its sibling fields withheld; it reads them here rather than from a side channel:
 *
 *   - the resolver that produces the Cohort (Query.cohort, SavedCohort.cohort) records which
 *     aggregate fields the response asks of it, by response key (`expect`), from the query itself;
 *   - each field's resolver registers its value under its response key when it starts it
 *     (`release`);
 *   - `suppressions` waits for exactly the fields expected, whichever order GraphQL resolves the
 *     siblings in, and lists what each withheld, in the order asked; a field that failed released
 *     nothing and withheld nothing.
 */
import type { Disclosed, Suppression } from '../access/disclosure.js';

interface Slot {
  value: Promise<Disclosed<unknown>> | null;
  /** What the value withheld, once its resolver has started it and it has settled (nothing, when it failed). */
  withheld: Promise<Suppression[]>;
  start(value: Promise<Disclosed<unknown>>): void;
}

function emptySlot(): Slot {
  let resolve!: (withheld: Promise<Suppression[]>) => void;
  const withheld = new Promise<Suppression[]>((settle) => { resolve = settle; });
  const slot: Slot = {
    value: null,
    withheld,
    start: (value) => {
      slot.value = value;
      resolve(value.then((released) => released.suppressions, () => []));
    },
  };
  return slot;
}

export class CohortResults {
  private readonly slots = new Map<string, Slot>();
  private expected: readonly string[] = [];

  /** The response keys of the aggregate fields this response asks of the cohort. */
  expect(responseKeys: readonly string[]): void {
    this.expected = [...new Set(responseKeys)];
    for (const key of this.expected) if (!this.slots.has(key)) this.slots.set(key, emptySlot());
  }

  private slot(responseKey: string): Slot {
    let slot = this.slots.get(responseKey);
    if (slot === undefined) {
      slot = emptySlot();
      this.slots.set(responseKey, slot);
    }
    return slot;
  }

  /** The value of the field at `responseKey`, started once. */
  release<Value>(responseKey: string, start: () => Promise<Disclosed<Value>>): Promise<Disclosed<Value>> {
    const slot = this.slot(responseKey);
    if (slot.value === null) slot.start(start());
    return slot.value as Promise<Disclosed<Value>>;
  }

  /** What disclosure control withheld from the aggregate fields asked, once they have all settled. */
  async suppressions(): Promise<Suppression[]> {
    return (await Promise.all(this.expected.map((key) => this.slot(key).withheld))).flat();
  }
}
