import type { SiteRow } from '../../db/schema/index.js';
import type { Context } from '../context.js';

export const Site = {
  patientCount: (site: SiteRow, _: unknown, context: Context) => context.loaders.patientCountBySiteId.load(site.id),
};
