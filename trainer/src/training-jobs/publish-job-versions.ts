import type { AnyModelManifest, PublishTarget } from '@edgeml/shared';
import { TrainerError } from '../errors.ts';
import type { BuiltVersion } from '../pipeline/build-version.ts';
import type { AdminApiClient } from '../registry/admin-api-client.ts';
import { publishViaAdminApi } from '../registry/publish-via-admin-api.ts';
import type { ChampionScore } from './score-champion.ts';
import { judgeMargin } from './judge-margin.ts';

/** A deployability check of a version before it is published (see `deployGate`); throwing fails the job. */
export type VersionGate = (version: { manifest: AnyModelManifest; artifacts: Record<string, Uint8Array> }) => Promise<void>;

export interface PublishedJob {
  version: string;
  channel: 'none' | 'canary' | 'production';
  report: Record<string, unknown>;
}

/**
 * Publishes a job's versions through the admin API after the gate (its golden vectors are checked
 * by the worker on upload), then promotes the last as `publish` says when its test accuracy beats
 * the serving champion's, scored through the worker on the same test split, by `margin`. A model with no production version yet takes its first
 * one on production: a canary needs a production to split traffic with.
 */
export async function publishJobVersions(params: {
  admin: AdminApiClient;
  versions: BuiltVersion<AnyModelManifest>[];
  publish: PublishTarget;
  margin?: number;
  /** The serving champion, when there is one. */
  champion?: AnyModelManifest;
  /** The champion's accuracy on the job's test split (only called with a margin and a champion). */
  scoreChampion: (champion: AnyModelManifest) => Promise<ChampionScore>;
  gate?: VersionGate;
  log: (line: string) => void;
}): Promise<PublishedJob> {
  const { admin, versions, publish } = params;
  const promoted = versions.at(-1)!;
  await params.gate?.(promoted);
  for (const { manifest, artifacts } of versions) {
    await publishViaAdminApi({ client: admin, manifest, artifacts });
    params.log(`published ${manifest.name}@${manifest.version}${manifest.variant ? ` (${manifest.variant.kind})` : ''}`);
  }
  const { name, version } = promoted.manifest;
  const judged = await judge(promoted.manifest, params.champion, params.margin, params.scoreChampion);
  const report: Record<string, unknown> = { published: versions.map((v) => v.manifest.version), ...judged.report };
  if (publish.channel === 'none' || !judged.promote) return { version, channel: 'none', report };
  if (publish.channel === 'canary' && params.champion) {
    await admin.promote(name, { version, channel: 'canary', percent: publish.percent });
    params.log(`promoted ${name}@${version} to canary (${publish.percent}%)`);
    return { version, channel: 'canary', report };
  }
  await admin.promote(name, { version, channel: 'production' });
  params.log(`promoted ${name}@${version} to production`);
  return { version, channel: 'production', report: publish.channel === 'canary' ? { ...report, firstVersion: 'the model had no production version: this one is production' } : report };
}

/** Promote unless the champion's accuracy on the candidate's test split, plus the margin, is above the candidate's. */
async function judge(
  candidate: AnyModelManifest,
  champion: AnyModelManifest | undefined,
  margin: number | undefined,
  scoreChampion: (champion: AnyModelManifest) => Promise<ChampionScore>,
): Promise<{ promote: boolean; report: Record<string, unknown> }> {
  if (margin === undefined || !champion) return { promote: true, report: {} };
  const ours = candidate.metrics.testAccuracy;
  if (ours === undefined) throw new TrainerError('internal', `${candidate.name}@${candidate.version} has no test accuracy to judge by the margin`);
  const theirs = await scoreChampion(champion);
  const decision = judgeMargin(theirs.accuracy, ours, margin);
  const report = { margin, testExamples: theirs.examples, champion: { version: champion.version, testAccuracy: theirs.accuracy }, testAccuracy: ours };
  return { promote: decision.promote, report: decision.promote ? report : { ...report, notPromoted: decision.reason } };
}
