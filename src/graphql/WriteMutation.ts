import type { Context } from '../context.js';
import {
  deleteRecord, upsertClinicalEvent, upsertImagingStudy, upsertLabResults, upsertPatient, upsertTreatment, type RecordType,
} from '../records/records.js';

type Input = { siteCode: string } & Record<string, unknown>;

export const WriteMutation = {
  upsertPatient: async (_: unknown, args: { input: Input }, context: Context) => await upsertPatient(context, args.input.siteCode, args.input),
  upsertTreatment: async (_: unknown, args: { input: Input }, context: Context) => await upsertTreatment(context, args.input.siteCode, args.input),
  upsertLabResults: async (_: unknown, args: { input: { siteCode: string; results: Record<string, unknown>[] } }, context: Context) =>
    await upsertLabResults(context, args.input.siteCode, args.input.results),
  upsertImagingStudy: async (_: unknown, args: { input: Input }, context: Context) => await upsertImagingStudy(context, args.input.siteCode, args.input),
  upsertClinicalEvent: async (_: unknown, args: { input: Input }, context: Context) => await upsertClinicalEvent(context, args.input.siteCode, args.input),
  deleteRecord: async (_: unknown, args: { siteCode: string; type: RecordType; id: string }, context: Context) =>
    await deleteRecord(context, args.siteCode, args.type, args.id),
};
