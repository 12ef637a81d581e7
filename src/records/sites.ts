/**
 * Use cases over sites. The site list is public; a site's patient count is an aggregate: exact for
 * administrators and for the site's own roles, otherwise the cell-key perturbed count of the site's
 * patients (src/access/cell-key.ts) — the same value `cohort(where: {site: [CODE]}) { size }`
 * releases for that set, so neither path narrows the other (a rounded count beside a perturbed one
 * would intersect their intervals).
 */
import type { SiteRow } from '../../db/schema/index.js';
import { isAdministrator } from '../access/principal.js';
import { CellKeyCounter } from '../access/cell-key.js';
import { listSites } from '../store/sites.js';
import { cohortPatientIdsAtSite } from '../store/cohort-members.js';
import type { ServiceContext } from '../access/service-context.js';

export async function listAllSites(context: ServiceContext) {
  return await listSites(context.db);
}

export async function sitePatientCount(context: ServiceContext, site: SiteRow): Promise<number | null> {
  const count = await context.loaders.patientCountBySiteId.load(site.id);
  context.accounting.servedAggregates = true;
  const controlled = !isAdministrator(context.principal) && context.principal.siteId !== site.id;
  if (!controlled) return count;
  const counter = new CellKeyCounter({ secret: context.disclosure.secret, threshold: context.disclosure.threshold });
  const released = counter.count(await cohortPatientIdsAtSite(context.db, undefined, site.id));
  if (released === null) context.accounting.suppressions += 1;
  return released;
}
