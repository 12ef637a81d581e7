/**
 * The rows of a demo cohort: one array per table, shaped as the Drizzle insert types with every
 * column present. Ids are temporary: sites 1…K and patients 1…N, which the other rows refer to;
 * seed.ts maps them to the database's ids.
 */
import type {
  clinicalEvents, followUpTherapies, imagingStudies, labResults, patients, priorTherapies, siteReferenceRanges, sites, treatments,
} from '../../db/schema/index.js';

export type DemoSite = Required<Pick<typeof sites.$inferInsert, 'id' | 'code' | 'name'>>;
export type DemoSiteReferenceRange = Required<typeof siteReferenceRanges.$inferInsert>;
export type DemoPatient = Required<typeof patients.$inferInsert>;
export type DemoPriorTherapy = Required<typeof priorTherapies.$inferInsert>;
export type DemoTreatment = Required<Omit<typeof treatments.$inferInsert, 'id'>>;
/** The grade columns are derived data, filled by the lab-grades service once the rows are stored. */
export type DemoLabResult = Required<Omit<typeof labResults.$inferInsert, 'id' | 'gradeV5' | 'gradeV403'>>;
export type DemoImagingStudy = Required<Omit<typeof imagingStudies.$inferInsert, 'id'>>;
export type DemoFollowUpTherapy = Required<Omit<typeof followUpTherapies.$inferInsert, 'id'>>;
export type DemoClinicalEvent = Required<Omit<typeof clinicalEvents.$inferInsert, 'id'>>;

export interface DemoCohort {
  sites: DemoSite[];
  siteReferenceRanges: DemoSiteReferenceRange[];
  patients: DemoPatient[];
  priorTherapies: DemoPriorTherapy[];
  treatments: DemoTreatment[];
  labResults: DemoLabResult[];
  imagingStudies: DemoImagingStudy[];
  followUpTherapies: DemoFollowUpTherapy[];
  clinicalEvents: DemoClinicalEvent[];
}
