/** Use cases over sites. The site list is public; patient counts are aggregates under disclosure control. */
import type { SiteRow } from '../../db/schema/index.js';
import { isAdministrator } from '../access/principal.js';
import { listSites } from '../store/sites.js';
import { DisclosureGuard } from '../access/disclosure.js';
import type { ServiceContext } from '../access/service-context.js';

export function listAllSites(context: ServiceContext) {
  return listSites(context.db);
}

export async function sitePatientCount(context: ServiceContext, site: SiteRow): Promise<number | null> {
  const count = await context.loaders.patientCountBySiteId.load(site.id);
  const controlled = !isAdministrator(context.principal) && context.principal.siteId !== site.id;
  const guard = new DisclosureGuard(controlled, context.disclosure, () => { context.accounting.suppressions += 1; });
  context.accounting.servedAggregates = true;
  return guard.count('patientCount', count);
}
