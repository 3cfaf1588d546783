import { trainingJobStatusSchema } from '@edgeml/shared';
import { z } from '@hono/zod-openapi';
import { errorResponses, json, jsonResponse } from '../openapi/api-responses.ts';
import { trainingExamples } from '../openapi/training-examples.ts';
import { trainingSchemas } from '../openapi/training-schemas.ts';
import { tokenRoute } from '../tokens/token-route.ts';

const ERRORS = [400, 401, 403, 404, 409, 429, 500] as const;
const RUNNER_ERRORS = errorResponses(ERRORS, {
  404: 'job_not_found',
  409: 'job_cancelled: the job was cancelled (stop, publish nothing); conflict: not under your lease, or another runner wrote first',
});
const id = z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path', description: 'training job id' }, example: trainingExamples.job.id }) });
const theJob = (description: string) => jsonResponse(description, trainingSchemas.TrainingJob, trainingExamples.job);

/** A runner's call on one job: runner scope (or the admin token), a JSON body, the job after. */
function runnerRoute<const P extends string, const I extends string, const S extends z.ZodType>(path: P, operationId: I, summary: string, schema: S, example: unknown) {
  return tokenRoute(['runner'], {
    method: 'post',
    path,
    operationId,
    tags: ['training runner'],
    summary,
    request: { params: id, body: { required: true, content: json(schema, example) } },
    responses: { 200: theJob('the job after'), ...RUNNER_ERRORS },
  });
}

/** `/v1/training/jobs/…`: each route's definition, from which it is validated and documented. */
export const trainingRouteDefinitions = {
  submit: tokenRoute(['training'], {
    method: 'post',
    path: '/jobs',
    operationId: 'createTrainingJob',
    tags: ['training'],
    summary: 'Queue a training job: the run config the trainer CLI takes, then distil, prune, int8 and where to publish',
    request: { body: { required: true, content: json(trainingSchemas.TrainingJobRequest, trainingExamples.jobRequest) } },
    responses: {
      201: theJob('the queued job'),
      ...errorResponses(ERRORS, {
        400: "validation_failed: a config the task cannot take, a dataset of the other task, a student of the other task's architectures, or labels unlike the model's in production",
        404: 'dataset_not_found',
        429: "limit_exceeded: the token's queued, running and publishing jobs are at its maxRunningJobs; or rate_limited",
      }),
    },
  }),
  list: tokenRoute(['training', 'runner'], {
    method: 'get',
    path: '/jobs',
    operationId: 'listTrainingJobs',
    tags: ['training'],
    summary: "Jobs, newest first (a training token's own; every one for the admin and runners)",
    request: { query: z.object({ status: trainingJobStatusSchema.optional().openapi({ description: 'only jobs of this status', example: 'queued' }) }) },
    responses: { 200: jsonResponse('jobs', trainingSchemas.TrainingJobsResponse, trainingExamples.jobs), ...errorResponses(ERRORS) },
  }),
  get: tokenRoute(['training', 'runner'], {
    method: 'get',
    path: '/jobs/{id}',
    operationId: 'getTrainingJob',
    tags: ['training'],
    summary: 'A job: its status, lease, per-epoch events (loss, accuracy, validation, learning rate, samples/s, ETA) and result',
    request: { params: id },
    responses: { 200: theJob('the job'), ...errorResponses(ERRORS, { 404: 'job_not_found' }) },
  }),
  cancel: tokenRoute(['training'], {
    method: 'post',
    path: '/jobs/{id}/cancel',
    operationId: 'cancelTrainingJob',
    tags: ['training'],
    summary: 'Cancel a queued or running job (its runner stops at its next report); 409 invalid_state once it publishes or has ended',
    request: { params: id },
    responses: { 200: theJob('the cancelled job'), ...errorResponses(ERRORS, { 404: 'job_not_found', 409: 'invalid_state: publishing, succeeded, failed or cancelled already' }) },
  }),
  claim: runnerRoute('/jobs/{id}/claim', 'claimTrainingJob', 'Take a queued job (or a running one whose lease expired) with a lease; 409 conflict when another runner holds it', trainingSchemas.ClaimTrainingJobRequest, trainingExamples.claimRequest),
  events: runnerRoute('/jobs/{id}/events', 'appendTrainingEvents', 'Append epoch and log events and renew the lease (lease holder only)', trainingSchemas.TrainingEventsRequest, trainingExamples.eventsRequest),
  publishing: runnerRoute('/jobs/{id}/publishing', 'startTrainingJobPublishing', 'Running → publishing: from here the job cannot be cancelled (lease holder only)', trainingSchemas.StartPublishingRequest, trainingExamples.publishingRequest),
  complete: runnerRoute('/jobs/{id}/complete', 'completeTrainingJob', "Record a job's end: succeeded with its version, metrics and report, or failed with why (lease holder only)", trainingSchemas.CompleteTrainingJobRequest, trainingExamples.completeRequest),
  release: runnerRoute('/jobs/{id}/release', 'releaseTrainingJob', 'Give a running job back to the queue unfinished (lease holder only)', trainingSchemas.ReleaseTrainingJobRequest, trainingExamples.releaseRequest),
};
