/** The principal as the API describes it (`me`). */
import { rowScope } from './principal.js';
import type { ServiceContext } from './service-context.js';

const ROW_ACCESS = { ALL: 'ALL', SITE: 'OWN_SITE', NONE: 'NONE' } as const;

export function describePrincipal(context: ServiceContext) {
  const { principal } = context;
  return { role: principal.role, siteCode: principal.siteCode, rowAccess: ROW_ACCESS[rowScope(principal).kind] };
}
