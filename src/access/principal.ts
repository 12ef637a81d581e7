/**
 * Who is asking, and what that lets them see (api-contract.md roles):
 *   ADMIN               every row, every aggregate, the audit log, key management;
 *   SITE_MANAGER        read and write its own site's rows; aggregates over every site;
 *   SITE_ANALYST        read its own site's rows; aggregates over every site;
 *   CONSORTIUM_ANALYST  aggregates over every site, never a row.
 * In AUTH_MODE=open (the embedded synthetic demo only) every request is the OPEN principal, with
 * an administrator's reach.
 */
import type { Role } from '../../db/schema/enums.js';
import type { RowScope } from '../store/row-scope.js';

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
