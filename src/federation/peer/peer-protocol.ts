/**
 * The federation peer protocol a site serves (schema/federation.graphql, `federationPeer`):
 * its version, who may call it, and how a count leaves the site (docs/federation.md).
 *
 * Version 1. A coordinator names the version it speaks; a site answers only a version it serves,
 * so a coordinator and a site of different releases fail loudly rather than combine numbers that
 * mean different things.
 *
 * A count leaves a site exactly, with its cell key (cell-key.ts: the sum of the records' keys
 * mod 2^32), or not at all: a count with 0 < n < k is withheld (and, in a table, a second cell
 * beside it: DisclosureGuard.table). The coordinator adds the sites' exact counts and their cell
 * keys, and perturbs the pooled count once with the pooled key, as the central aggregate tier
 * perturbs a count of the same patients held in one database (ABS TableBuilder's additivity of
 * cell keys; Thompson, Broadfoot & Elazar 2013).
 */
import { ApiError, badUserInput } from '../../errors.js';
import { cellKey, RecordKeys } from '../../access/cell-key.js';
import { isAdministrator, isFederationPeer, type Principal } from '../../access/principal.js';
import type { DisclosureGuard } from '../../access/disclosure.js';
import type { ServiceContext } from '../../access/service-context.js';

export const PEER_PROTOCOL_VERSION = 1;

/** The peer operations are for a coordinator's key (and administrators, to inspect what a site releases). */
export function checkPeerAccess(principal: Principal, version: number): void {
  if (!isFederationPeer(principal) && !isAdministrator(principal)) {
    throw new ApiError('FORBIDDEN', 'The federation peer operations are for a FEDERATION_PEER key (`npm run admin -- key create --role FEDERATION_PEER`).');
  }
  if (version !== PEER_PROTOCOL_VERSION) {
    throw badUserInput(`This site serves federation peer protocol version ${PEER_PROTOCOL_VERSION}, not ${version}: upgrade the older of the coordinator and the site.`, 'version');
  }
}

/** A count as it leaves the site: exact, with its cell key; null when withheld. */
export interface PeerCount {
  count: number;
  cellKey: number;
}

export class PeerCounter {
  private readonly keys: RecordKeys;

  constructor(private readonly guard: DisclosureGuard, context: ServiceContext) {
    this.keys = RecordKeys.for(context.disclosure.secret);
  }

  key(patientIds: readonly number[]): number {
    return cellKey(patientIds.map((id) => this.keys.of(id)));
  }

  /** One set of patients: withheld (listed under `path`) when 0 < n < k. */
  count(path: string, patientIds: readonly number[]): PeerCount | null {
    if (this.guard.isSmall(patientIds.length)) return this.guard.withhold(path, this.guard.smallCountReason());
    return { count: patientIds.length, cellKey: this.key(patientIds) };
  }

  /** A table of sets of patients: primary and secondary suppression (DisclosureGuard.table), exact counts otherwise. */
  table(path: (row: number, column: number) => string, cells: readonly (readonly (readonly number[])[])[]): (PeerCount | null)[][] {
    const shown = this.guard.table(path, cells.map((row) => row.map((ids) => ids.length)), (r, c) => cells[r]![c]!.length);
    return shown.map((row, r) => row.map((count, c) => (count === null ? null : { count, cellKey: this.key(cells[r]![c]!) })));
  }
}
