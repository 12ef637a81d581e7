/** The resolver map: one module per schema type, thin (no SQL, no maths: those live in services). */
import { Cohort } from './Cohort.js';
import { LabResult } from './LabResult.js';
import { Mutation } from './Mutation.js';
import { Patient } from './Patient.js';
import { plotResolvers } from './Plot.js';
import { Query } from './Query.js';
import { SavedCohort } from './SavedCohort.js';
import { Site } from './Site.js';
import { WriteMutation } from './WriteMutation.js';
import { timeToEventResolvers } from './TimeToEvent.js';
import { FederationPeer, federationPeerQuery } from './FederationPeer.js';
import { Federation, FederatedCohortResolvers, federationQuery } from './Federation.js';
import { scalarResolvers } from './scalars.js';

export const resolvers = {
  ...scalarResolvers,
  Query: { ...Query, federationPeer: federationPeerQuery, federation: federationQuery },
  FederationPeer,
  Federation,
  FederatedCohort: FederatedCohortResolvers,
  Mutation: { ...Mutation, ...WriteMutation }, Patient, Site, LabResult, Cohort, SavedCohort, ...plotResolvers,
  SurvivalEstimate: { ...plotResolvers.SurvivalEstimate, ...timeToEventResolvers.SurvivalEstimate },
  SurvivalComparison: { ...plotResolvers.SurvivalComparison, ...timeToEventResolvers.SurvivalComparison },
  CoxModel: { ...plotResolvers.CoxModel, ...timeToEventResolvers.CoxModel },
};
