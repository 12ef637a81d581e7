/**
 * Sub-fields of time-to-event results that take arguments: the values were computed with the
 * analysis (src/graphql/Cohort.ts passes the arguments asked to it), and each resolver picks its own.
 */
interface WithRestrictedMeans {
  restrictedMean: { end: number };
  restrictedMeans: { tau: number }[];
}

function computed<Row>(rows: readonly Row[], matches: (row: Row) => boolean, field: string): Row {
  const row = rows.find(matches);
  if (row === undefined) throw new Error(`${field} was not computed with its analysis`);
  return row;
}

export const timeToEventResolvers = {
  SurvivalEstimate: {
    restrictedMean: (estimate: WithRestrictedMeans, args: { tau?: number | null }) => (args.tau === null || args.tau === undefined
      ? estimate.restrictedMean
      : computed(estimate.restrictedMeans, (row) => row.tau === args.tau, 'restrictedMean(tau)')),
  },
  SurvivalComparison: {
    restrictedMeanDifference: (comparison: { restrictedMeanDifferences: { tau: number }[] }, args: { tau: number }) =>
      computed(comparison.restrictedMeanDifferences, (row) => row.tau === args.tau, 'restrictedMeanDifference(tau)'),
  },
  CoxModel: {
    proportionalHazards: (model: { proportionalHazardsTests?: { transform: string; tests: unknown[] }[] }, args: { transform: string }) =>
      model.proportionalHazardsTests === undefined ? [] : model.proportionalHazardsTests.find((row) => row.transform === args.transform)?.tests ?? [],
  },
};
