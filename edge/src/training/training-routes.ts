import type { Context } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { createApiApp } from '../openapi/create-api-app.ts';
import { principalOf } from '../tokens/require-scope.ts';
import { API_TOKEN_SCHEME } from '../tokens/token-route.ts';
import type { Principal } from '../tokens/principal.ts';
import { appendTrainingEvents, cancelTrainingJob, claimTrainingJob, completeTrainingJob, releaseTrainingJob, startPublishing } from './job-transitions.ts';
import { submitTrainingJob } from './submit-training-job.ts';
import { trainingRouteDefinitions as route } from './training-route-definitions.ts';
import { listTrainingJobs, readTrainingJob, updateTrainingJob } from './training-job-store.ts';
import { EdgeError } from '../errors/edge-error.ts';
import type { TrainingJob } from '@edgeml/shared';

/** A training token sees its own jobs; the admin and runners see every one. */
function seesAll(principal: Principal): boolean {
  return principal.admin || principal.scopes.includes('runner');
}

/** The job, if `c`'s principal may see it; 404 `job_not_found` as for a missing one otherwise. */
async function visibleJob(c: Context<AppEnv>, id: string): Promise<TrainingJob> {
  const principal = principalOf(c);
  const job = await readTrainingJob(c.env.MODELS, id);
  if (!seesAll(principal) && job.owner !== principal.name) throw new EdgeError('job_not_found', `no training job "${id}"`, { id });
  return job;
}

/** `/v1/training`: submit, watch and cancel training jobs; runners claim them and report on them. */
export function trainingRoutes() {
  const app = createApiApp();
  app.openAPIRegistry.registerComponent('securitySchemes', 'apiToken', API_TOKEN_SCHEME);
  return app
    .openapi(route.submit, async (c) => c.json(await submitTrainingJob(c.env.MODELS, principalOf(c), c.req.valid('json')), 201))
    .openapi(route.list, async (c) => {
      const principal = principalOf(c);
      const { status } = c.req.valid('query');
      const jobs = (await listTrainingJobs(c.env.MODELS)).filter((job) => (seesAll(principal) || job.owner === principal.name) && (status === undefined || job.status === status));
      return c.json({ jobs }, 200);
    })
    .openapi(route.get, async (c) => c.json(await visibleJob(c, c.req.valid('param').id), 200))
    .openapi(route.cancel, async (c) => {
      const { id } = await visibleJob(c, c.req.valid('param').id);
      return c.json(await updateTrainingJob(c.env.MODELS, id, cancelTrainingJob()), 200);
    })
    .openapi(route.claim, async (c) => {
      const { owner, leaseSeconds } = c.req.valid('json');
      return c.json(await updateTrainingJob(c.env.MODELS, c.req.valid('param').id, claimTrainingJob(owner, leaseSeconds)), 200);
    })
    .openapi(route.events, async (c) => {
      const { owner, leaseSeconds, events } = c.req.valid('json');
      return c.json(await updateTrainingJob(c.env.MODELS, c.req.valid('param').id, appendTrainingEvents(owner, leaseSeconds, events)), 200);
    })
    .openapi(route.publishing, async (c) => c.json(await updateTrainingJob(c.env.MODELS, c.req.valid('param').id, startPublishing(c.req.valid('json').owner)), 200))
    .openapi(route.complete, async (c) => {
      const { owner, ...outcome } = c.req.valid('json');
      return c.json(await updateTrainingJob(c.env.MODELS, c.req.valid('param').id, completeTrainingJob(owner, outcome)), 200);
    })
    .openapi(route.release, async (c) => {
      const { owner, reason } = c.req.valid('json');
      return c.json(await updateTrainingJob(c.env.MODELS, c.req.valid('param').id, releaseTrainingJob(owner, reason)), 200);
    });
}
