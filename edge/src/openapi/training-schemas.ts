import {
  apiTokenSchema,
  claimTrainingJobRequestSchema,
  completeTrainingJobRequestSchema,
  createTokenRequestSchema,
  createTokenResponseSchema,
  datasetSchema,
  datasetsResponseSchema,
  releaseTrainingJobRequestSchema,
  startPublishingRequestSchema,
  trainingEventsRequestSchema,
  trainingJobRequestSchema,
  trainingJobSchema,
  trainingJobsResponseSchema,
} from '@edgeml/shared';
import { z } from '@hono/zod-openapi';
import { component } from './api-schemas.ts';

/** The training API's wire schemas as named components (see api-schemas.ts). */
export const trainingSchemas = {
  Dataset: component('Dataset', datasetSchema),
  DatasetsResponse: component('DatasetsResponse', datasetsResponseSchema),
  TrainingJobRequest: component('TrainingJobRequest', trainingJobRequestSchema),
  TrainingJob: component('TrainingJob', trainingJobSchema),
  TrainingJobsResponse: component('TrainingJobsResponse', trainingJobsResponseSchema),
  ClaimTrainingJobRequest: component('ClaimTrainingJobRequest', claimTrainingJobRequestSchema),
  TrainingEventsRequest: component('TrainingEventsRequest', trainingEventsRequestSchema),
  StartPublishingRequest: component('StartPublishingRequest', startPublishingRequestSchema),
  CompleteTrainingJobRequest: component('CompleteTrainingJobRequest', completeTrainingJobRequestSchema),
  ReleaseTrainingJobRequest: component('ReleaseTrainingJobRequest', releaseTrainingJobRequestSchema),
  CreateTokenRequest: component('CreateTokenRequest', createTokenRequestSchema),
  CreatedToken: component('CreatedToken', createTokenResponseSchema),
  ApiToken: component('ApiToken', apiTokenSchema),
  TokensResponse: z.object({ tokens: z.array(apiTokenSchema) }).openapi('TokensResponse'),
};
