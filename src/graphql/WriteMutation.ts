import type { Context } from '../context.js';
import {
  deleteRecord, upsertImagingStudy, upsertLabResults, upsertPatient, upsertTreatment, type RecordType,
} from '../records/records.js';

type Input = { siteCode: string } & Record<string, unknown>;

export const WriteMutation = {
  upsertPatient: (_: unknown, args: { input: Input }, context: Context) => upsertPatient(context, args.input.siteCode, args.input),
  upsertTreatment: (_: unknown, args: { input: Input }, context: Context) => upsertTreatment(context, args.input.siteCode, args.input),
  upsertLabResults: (_: unknown, args: { input: { siteCode: string; results: Record<string, unknown>[] } }, context: Context) =>
    upsertLabResults(context, args.input.siteCode, args.input.results),
  upsertImagingStudy: (_: unknown, args: { input: Input }, context: Context) => upsertImagingStudy(context, args.input.siteCode, args.input),
  deleteRecord: async (_: unknown, args: { siteCode: string; type: RecordType; id: string }, context: Context) =>
    await deleteRecord(context, args.siteCode, args.type, args.id),
};
