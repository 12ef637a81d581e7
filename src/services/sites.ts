/** Use cases over sites. */
import { listSites } from '../data/sites.js';
import type { ServiceContext } from './service-context.js';

export function listAllSites(context: ServiceContext) {
  return listSites(context.db);
}
