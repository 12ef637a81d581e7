/**
 * Who is asking, and what that lets them see (api-contract.md roles):
 *   ADMIN               every row, every aggregate, the audit log, key management;
 *   SITE_MANAGER        read and write its own site's rows; aggregates over every site;
 *   SITE_ANALYST        read its own site's rows; aggregates over every site;
 *   CONSORTIUM_ANALYST  aggregates over every site, never a row;
 *   FEDERATION_PEER     a federation coordinator: the peer operations only (schema/federation.graphql),
 *                       never a row, never another query (docs/federation.md).
 * In AUTH_MODE=open (the embedded synthetic demo only) every request is the OPEN principal, with
 * an administrator's reach.
 * Saved cohorts: the roles that may write (ADMIN, SITE_MANAGER) may save them; an administrator's
 * are shared with everyone, a site manager's belong to its site. A site role sees the shared ones
 * and its own site's, a consortium analyst the shared ones, an administrator all.
 */
import type { Role } from '../../db/schema/enums.js';
import type { RowScope } from '../store/row-scope.js';
import type { SavedCohortScope } from '../store/saved-cohorts.js';

export type { RowScope };

export type { Role };

export interface Principal {
  role: Role | 'OPEN';
  /** The API key's id, null in open mode. */
  keyId: number | null;
  /** The site of a site role. */
  siteId: number | null;
  siteCode: string | null;
}

export const OPEN_PRINCIPAL: Principal = { role: 'OPEN', keyId: null, siteId: null, siteCode: null };

/** Which patient rows a principal may read. */

export function rowScope(principal: Principal): RowScope {
  switch (principal.role) {
    case 'OPEN':
    case 'ADMIN':
      return { kind: 'ALL' };
    case 'SITE_MANAGER':
    case 'SITE_ANALYST':
      return { kind: 'SITE', siteId: principal.siteId! };
    case 'CONSORTIUM_ANALYST':
    case 'FEDERATION_PEER':
      return { kind: 'NONE' };
  }
}

/** The site whose rows a principal may write, 'ANY' for administrators, null when it may write none. */
export function writableSite(principal: Principal): number | 'ANY' | null {
  if (principal.role === 'OPEN' || principal.role === 'ADMIN') return 'ANY';
  return principal.role === 'SITE_MANAGER' ? principal.siteId : null;
}

export function isAdministrator(principal: Principal): boolean {
  return principal.role === 'OPEN' || principal.role === 'ADMIN';
}

/** Whether a principal may save cohort definitions: the roles that may write. */
export function maySaveCohorts(principal: Principal): boolean {
  return writableSite(principal) !== null;
}

/** The site a cohort saved by this principal belongs to (null: shared with everyone). */
export function savedCohortSite(principal: Principal): number | null {
  return principal.role === 'SITE_MANAGER' ? principal.siteId : null;
}

/** Which saved cohorts a principal sees. */
export function savedCohortScope(principal: Principal): SavedCohortScope {
  if (isAdministrator(principal)) return { kind: 'ALL' };
  return { kind: 'SHARED_AND_SITE', siteId: principal.role === 'CONSORTIUM_ANALYST' || principal.role === 'FEDERATION_PEER' ? null : principal.siteId };
}

/** Whether a principal is a federation coordinator's key (it may run the peer operations and nothing else). */
export function isFederationPeer(principal: Principal): boolean {
  return principal.role === 'FEDERATION_PEER';
}
