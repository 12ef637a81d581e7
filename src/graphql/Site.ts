import type { SiteRow } from '../../db/schema/index.js';
import type { Context } from '../context.js';
import { sitePatientCount } from '../records/sites.js';

export const Site = {
  patientCount: async (site: SiteRow, _: unknown, context: Context) => await sitePatientCount(context, site),
};
