import {
  adminVersionsResponseSchema,
  applyCanaryShare,
  applyPromotion,
  applyRollback,
  applyShadow,
  channelsKey,
  firstPromotion,
  manifestKey,
  modelChannelsSchema,
  modelNameSchema,
  updateChannels,
} from '@edgeml/shared';
import { appendAudit } from '../../admin/append-audit.ts';
import { readAudit } from '../../admin/read-audit.ts';
import { channelsOf, listVersions } from '../../admin/list-versions.ts';
import { replaceChannels } from '../../admin/replace-channels.ts';
import { requireAdminToken } from '../../admin/require-admin-token.ts';
import { requireServable } from '../../admin/require-servable.ts';
import { commitManifest, uploadArtifact } from '../../admin/upload-version.ts';
import { EdgeError } from '../../errors/edge-error.ts';
import { readChannels } from '../../models/read-channels.ts';
import type { ModelRegistry } from '../../models/model-registry.ts';
import { readManifest } from '../../models/read-manifest.ts';
import { modelNotFound } from '../../models/read-production-version.ts';
import { r2ChannelsObject } from '../../storage/r2-channels-object.ts';
import { readJson } from '../../storage/read-json.ts';
import { createApiApp } from '../../openapi/create-api-app.ts';
import { adminRouteDefinitions } from './admin-route-definitions.ts';

/**
 * `/v1/admin/models/:name/…`: the registry's admin API, behind the `ADMIN_TOKEN` bearer secret.
 * Every change is appended to the audit log in R2.
 */
export function adminRoutes(registry: ModelRegistry) {
  const app = createApiApp();
  app.openAPIRegistry.registerComponent('securitySchemes', 'adminToken', { type: 'http', scheme: 'bearer', description: 'the ADMIN_TOKEN secret' });
  app.use('*', requireAdminToken);
  // Whatever an admin request changed, this isolate's next prediction reads the channels again.
  app.use('/models/:name/*', async (c, next) => {
    await next();
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') registry.channelsChanged(c.req.param('name'));
  });
  const route = adminRouteDefinitions;
  return app
    .openapi(route.versions, async (c) => {
      const name = modelName(c.req.valid('param').name);
      // A model published only with channel `none` has versions and no channels yet.
      const channels = await readJson(c.env.MODELS, channelsKey(name), modelChannelsSchema);
      const versions = await listVersions(c.env.MODELS, name, channels);
      if (!channels && versions.length === 0) throw modelNotFound(name);
      return c.json(adminVersionsResponseSchema.parse({ name, versions }), 200);
    })
    .openapi(route.channels, async (c) => c.json(await readChannels(c.env.MODELS, modelName(c.req.valid('param').name)), 200))
    .openapi(route.audit, async (c) => c.json({ entries: await readAudit(c.env.MODELS, modelName(c.req.valid('param').name)) }, 200))
    .openapi(route.promote, async (c) => {
      const name = modelName(c.req.valid('param').name);
      const request = c.req.valid('json');
      // Only a complete version (its manifest is written last) can be promoted.
      const manifest = await readManifest(c.env.MODELS, name, request.version, { pinned: true }).catch(async (error: unknown) => {
        if (error instanceof EdgeError && error.code === 'model_not_found' && request.channel === 'production') return undefined;
        throw error;
      });
      if (manifest && !request.force) await requireServable(registry, c.env, name, request.version);
      const bucket = c.env.MODELS;
      if (!(await bucket.head(channelsKey(name)))) {
        // The first promotion of a model uploaded through this API creates its channels.
        if (request.channel !== 'production' || !(await bucket.head(manifestKey(name, request.version)))) throw modelNotFound(name);
        const { after } = await updateChannels(r2ChannelsObject(bucket, name), (current) => (current ? applyPromotion(current, request) : firstPromotion(name, request.version)));
        await appendAudit(bucket, { action: 'promote', model: name, version: request.version, after });
        return c.json(after, 200);
      }
      const { before, after } = await replaceChannels(bucket, name, (current) => applyPromotion(current, request));
      await appendAudit(bucket, { action: 'promote', model: name, version: request.version, before, after });
      return c.json(after, 200);
    })
    .openapi(route.rollback, async (c) => {
      const name = modelName(c.req.valid('param').name);
      const bucket = c.env.MODELS;
      const { before, after } = await replaceChannels(bucket, name, async (current) => {
        // The newest previous version that is still whole (a deleted one is skipped).
        for (const version of current.previous ?? []) {
          if (await bucket.head(manifestKey(name, version))) return applyRollback(current, version);
        }
        throw new EdgeError('conflict', `model "${name}" has no previous production version to roll back to`, { model: name });
      });
      await appendAudit(bucket, { action: 'rollback', model: name, version: after.production, before, after });
      return c.json(after, 200);
    })
    .openapi(route.canary, async (c) => {
      const name = modelName(c.req.valid('param').name);
      const { percent } = c.req.valid('json');
      const { before, after } = await replaceChannels(c.env.MODELS, name, (current) => applyCanaryShare(current, percent));
      await appendAudit(c.env.MODELS, { action: 'set-canary', model: name, version: before.canary?.version, before, after });
      return c.json(after, 200);
    })
    .openapi(route.setShadow, async (c) => {
      const name = modelName(c.req.valid('param').name);
      const request = c.req.valid('json');
      // Only a complete version can shadow; whether it loads is the shadow's own business, never the response's.
      if (request.version !== undefined && request.percent > 0) await readManifest(c.env.MODELS, name, request.version, { pinned: true });
      const { before, after } = await replaceChannels(c.env.MODELS, name, (current) => applyShadow(current, request));
      const action = after.shadow ? 'set-shadow' : 'clear-shadow';
      await appendAudit(c.env.MODELS, { action, model: name, version: after.shadow?.version ?? before.shadow?.version, before, after });
      return c.json(after, 200);
    })
    .openapi(route.clearShadow, async (c) => {
      const name = modelName(c.req.valid('param').name);
      const { before, after } = await replaceChannels(c.env.MODELS, name, (current) => applyShadow(current, { percent: 0 }));
      await appendAudit(c.env.MODELS, { action: 'clear-shadow', model: name, version: before.shadow?.version, before, after });
      return c.json(after, 200);
    })
    .openapi(route.deleteVersion, async (c) => {
      const { version } = c.req.valid('param');
      const name = modelName(c.req.valid('param').name);
      const bucket = c.env.MODELS;
      const channels = await readChannels(bucket, name);
      const serving = channelsOf(channels, version).filter((channel) => channel !== 'previous');
      if (serving.length > 0) throw new EdgeError('conflict', `${name}@${version} serves on ${serving.join(', ')}; it cannot be deleted`, { model: name, version });
      const manifest = await readManifest(bucket, name, version, { pinned: true });
      // The manifest goes first: from then on the version is gone for readers, whatever follows.
      await bucket.delete(manifestKey(name, version));
      await bucket.delete(Object.values(manifest.artifacts).map((artifact) => artifact.key));
      await appendAudit(bucket, { action: 'delete-version', model: name, version });
      return c.body(null, 204);
    })
    .openapi(route.uploadArtifact, async (c) => {
      const { version, file } = c.req.valid('param');
      const name = modelName(c.req.valid('param').name);
      const stored = await uploadArtifact(
        c.env.MODELS,
        {
          name,
          version,
          file,
          sha256: c.req.valid('header')['x-content-sha256'],
          contentType: c.req.header('content-type') ?? 'application/octet-stream',
          maxBytes: c.var.config.maxModelBytes,
        },
        await c.req.arrayBuffer(),
      );
      return c.json(stored, 201);
    })
    .openapi(route.commitManifest, async (c) => {
      const { version } = c.req.valid('param');
      const name = modelName(c.req.valid('param').name);
      // adminJsonBody read and parsed it; commitManifest validates it against the uploaded artifacts.
      const manifest = await commitManifest(c.env.MODELS, name, version, await c.req.json());
      await appendAudit(c.env.MODELS, { action: 'upload-version', model: name, version });
      return c.json(manifest, 201);
    });
}

function modelName(name: string): string {
  if (!modelNameSchema.safeParse(name).success) throw modelNotFound(name);
  return name;
}
