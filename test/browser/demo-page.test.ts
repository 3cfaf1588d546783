import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BROWSER_HINT, findBrowser } from '../support/find-browser.ts';
import { REPO_ROOT } from '../support/published-model.ts';
import { encode as encodePng } from 'fast-png';
import { readMnistTestSet } from '../edge/support/mnist-test-set.ts';
import { prepareModelStore, type TestModelStore } from '../edge/support/prepare-model-store.ts';
import { startWorker, type RunningWorker } from '../support/start-worker.ts';
import { createTokenResponseSchema, trainingJobSchema, textPredictResponseSchema, type TrainingEvent } from '@edgeml/shared';
import { openLocalR2Store } from '@edgeml/trainer/publish/open-local-r2-store';
import { publishModelVersion } from '@edgeml/trainer/publish/publish-model-version';
import { tinyTextVersion } from '../text/tiny-text-version.ts';

const BROWSER = findBrowser();
const ARTIFACTS = path.join(REPO_ROOT, '.artifacts', 'browser');
/** The tests' tiny spam classifier, published beside the digit model (its name sorts after it, so the page still opens on the digits). */
const TEXT_MODEL = { name: 'spam-tiny', version: '20261128T200000Z-text01' };
const ADMIN_TOKEN = 'browser-test-admin-token-0123456789';

/** A private copy of the published model's local R2: other test runs may rewrite the shared one. */
let store: TestModelStore;
let worker: RunningWorker;
let browser: Browser;

beforeAll(async () => {
  store = await prepareModelStore(inject('publishedModel'));
  const text = await tinyTextVersion(TEXT_MODEL.name, TEXT_MODEL.version);
  const r2 = await openLocalR2Store({ configPath: path.join(REPO_ROOT, 'wrangler.toml'), persistTo: store.persistDir });
  try {
    await publishModelVersion({ store: r2, manifest: text.manifest, artifacts: text.artifacts });
  } finally {
    await r2.close();
  }
  worker = await startWorker({ persistDir: store.persistDir, vars: { RATE_LIMIT_REQUESTS: '0', ADMIN_TOKEN } });
  if (!BROWSER) throw new Error(BROWSER_HINT);
  browser = await chromium.launch({
    executablePath: BROWSER,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  await mkdir(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await worker?.dispose();
  await store?.dispose();
});

/** A new page of the worker's site at `route`, with the page's uncaught errors collected in `failures`. */
async function openPage(route: string, viewport: { width: number; height: number }): Promise<{ page: Page; failures: string[] }> {
  const page = await browser.newPage({ viewport });
  const failures: string[] = [];
  page.on('pageerror', (error) => failures.push(error.message));
  await page.goto(new URL(route, worker.url).href);
  return { page, failures };
}

describe('the demo page in headless Chromium', () => {
  it('shows a prediction with one bar per class after drawing a 7', async () => {
    const { page, failures } = await openPage('/', { width: 900, height: 600 });
    await expect.poll(() => page.locator('#model option').count(), { timeout: 15_000 }).toBeGreaterThan(0);

    const box = (await page.locator('#pad').boundingBox())!;
    const at = (x: number, y: number) => [box.x + (x / 280) * box.width, box.y + (y / 280) * box.height] as const;
    // A 7: the top bar, then the diagonal down to the bottom left, drawn as one stroke.
    await page.mouse.move(...at(70, 60));
    await page.mouse.down();
    for (const [x, y] of [[140, 60], [210, 60], [180, 130], [150, 190], [120, 240]] as const) await page.mouse.move(...at(x, y), { steps: 8 });
    await page.mouse.up();

    await expect.poll(() => page.locator('#bars li').count(), { timeout: 30_000 }).toBe(10);
    const label = await page.locator('#label').textContent();
    const percents = (await page.locator('#bars .value').allTextContents()).map((text) => Number.parseFloat(text));
    await page.screenshot({ path: path.join(ARTIFACTS, 'demo-drawn-7.png') });
    expect(failures).toEqual([]);
    expect(percents.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 0);
    expect(await page.locator('#bars li.best').getAttribute('data-label')).toBe(label);
    expect(label).toBe('7');
    await page.close();
  });

  it('scales a large photo down to 1024 pixels a side before uploading it, and still reads the digit', async () => {
    const [digit] = await readMnistTestSet(1);
    // A 2400×1800 photo of the digit, dark on white paper, enlarged 50 times (nearest neighbour).
    const [width, height, scale, left, top] = [2400, 1800, 50, 500, 200];
    const photo = new Uint8Array(width * height).fill(255);
    for (let y = 0; y < 28 * scale; y++) {
      for (let x = 0; x < 28 * scale; x++) photo[(top + y) * width + left + x] = 255 - digit!.pixels[Math.floor(y / scale) * 28 + Math.floor(x / scale)]!;
    }
    const png = Buffer.from(encodePng({ width, height, data: photo, channels: 1 }));

    const page = await browser.newPage({ viewport: { width: 900, height: 600 } });
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));
    // Chromium does not hand a Blob body to the request log: the page's fetch records what it sends.
    await page.addInitScript(() => {
      const sent: Array<{ type: string; header: number[] }> = [];
      Object.assign(window, { sentBodies: sent });
      const fetchOriginal = window.fetch.bind(window);
      window.fetch = async (input, init) => {
        if (init?.body instanceof Blob) sent.push({ type: init.body.type, header: Array.from(new Uint8Array(await init.body.slice(0, 24).arrayBuffer())) });
        return fetchOriginal(input, init);
      };
    });
    await page.goto(new URL('/', worker.url).href);
    await expect.poll(() => page.locator('#model option').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await page.setInputFiles('#photo', { name: 'photo.png', mimeType: 'image/png', buffer: png });
    await expect.poll(() => page.locator('#bars li').count(), { timeout: 30_000 }).toBe(10);
    const [sent] = await page.evaluate(() => (window as unknown as { sentBodies: Array<{ type: string; header: number[] }> }).sentBodies);
    // What went over the wire is a PNG of 1024×768, not the 2400×1800 original.
    expect(sent!.type).toBe('image/png');
    const header = Buffer.from(sent!.header);
    expect([header.readUInt32BE(16), header.readUInt32BE(20)]).toEqual([1024, 768]);
    expect(await page.locator('#label').textContent()).toBe(String(digit!.label));
    expect(failures).toEqual([]);
    await page.close();
  });

  it('shows a text box for a text model, with each label\'s probability and the words it could not read or did not see', async () => {
    const { page, failures } = await openPage('/', { width: 900, height: 700 });
    await expect.poll(() => page.locator('#model option').count(), { timeout: 15_000 }).toBeGreaterThan(1);
    expect(await page.locator('#text-input').isHidden()).toBe(true);
    await page.selectOption('#model', TEXT_MODEL.name);
    expect(await page.locator('#pad').isHidden()).toBe(true);
    // Two made-up words the vocabulary cannot hold, and more than maxLength (64) tokens: the last ones are cut off.
    const text = `Claim your FREE prize now, zqxwv plonkt! ${'money '.repeat(60)}lastwordhere`;
    await page.locator('#text').fill(text);

    await expect.poll(() => page.locator('#bars li').count(), { timeout: 30_000 }).toBe(2);
    const expected = textPredictResponseSchema.parse(
      await (await worker.fetch(`/v1/models/${TEXT_MODEL.name}/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }) })).json(),
    ).predictions[0]!;
    expect(await page.locator('#bars li').evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.label))).toEqual(['ham', 'spam']);
    const percents = (await page.locator('#bars .value').allTextContents()).map((value) => Number.parseFloat(value));
    expect(percents[1]).toBeCloseTo(100 * expected.probabilities.spam!, 0);
    expect(await page.locator('#label').textContent()).toBe(expected.label);
    expect(await page.locator('#bars li.best').getAttribute('data-label')).toBe(expected.label);
    const unknown = await page.locator('#unknown-words span').allTextContents();
    expect(unknown).toEqual(expected.unknownWords);
    expect(unknown).toEqual(expect.arrayContaining(['zqxwv', 'plonkt']));
    expect(await page.locator('#truncated-words span').allTextContents()).toEqual([...Array(5).fill('money'), 'lastwordhere']);
    expect(await page.locator('#token-count').textContent()).toContain('64 tokens read');

    // A short known text: nothing cut off, so that line is hidden.
    await page.locator('#text').fill('see you at lunch tomorrow');
    await expect.poll(() => page.locator('#truncated').isHidden(), { timeout: 30_000 }).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, 'demo-text.png') });
    // Back to the digits: the pad returns.
    await page.selectOption('#model', store.name);
    expect(await page.locator('#pad').isVisible()).toBe(true);
    expect(failures).toEqual([]);
    await page.close();
  });

  it('shows training jobs live to the pasted token: status, curves as epochs arrive, and a cancel button that cancels', async () => {
    const call = async (route: string, token: string, body: unknown): Promise<unknown> => {
      const response = await worker.fetch(route, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(response.status, route).toBeLessThan(300);
      return response.json();
    };
    // A user's training-scope token, and two jobs it submits; the admin token plays the runner for the first.
    const { token } = createTokenResponseSchema.parse(await call('/v1/admin/tokens', ADMIN_TOKEN, { name: 'browser-user', scopes: ['training'] }));
    const submit = async () => trainingJobSchema.parse(await call('/v1/training/jobs', token, { task: 'text-classification', model: 'spam-browser', dataset: 'spam' })).id;
    const [watched, queued] = [await submit(), await submit()];
    await call(`/v1/training/jobs/${watched}/claim`, ADMIN_TOKEN, { owner: 'browser-runner', leaseSeconds: 600 });
    const epoch = (n: number): TrainingEvent => ({
      type: 'epoch', at: new Date().toISOString(), phase: 'train', epoch: n, epochs: 3, loss: 0.6 / n, accuracy: 0.7 + 0.1 * n, validationLoss: 0.7 / n, validationAccuracy: 0.65 + 0.1 * n, learningRate: 0.005, samplesPerSecond: 900, etaSeconds: 10 * (3 - n),
    });
    const report = (n: number) => call(`/v1/training/jobs/${watched}/events`, ADMIN_TOKEN, { owner: 'browser-runner', leaseSeconds: 600, events: [epoch(n)] });
    await report(1);

    const { page, failures } = await openPage('/models.html', { width: 1000, height: 900 });
    await page.locator('#token').fill(token);
    await page.locator('#token-form button[type=submit]').click();
    const job = (id: string) => page.locator(`section.job[data-job="${id}"]`);
    await expect.poll(() => job(queued).getAttribute('data-status'), { timeout: 15_000 }).toBe('queued');
    expect(await job(watched).getAttribute('data-status')).toBe('running');
    expect(await job(watched).locator('.progress').textContent()).toContain('train epoch 1/3');
    // One epoch: each chart's lines are single points; the next epoch's event draws them as lines, without a reload.
    expect(await job(watched).locator('svg path.line').count()).toBe(4);
    await report(2);
    await expect.poll(() => job(watched).locator('svg path.line').first().getAttribute('d'), { timeout: 15_000 }).toMatch(/^M[\d.]+,[\d.]+L[\d.]+,[\d.]+$/);
    expect(await job(watched).locator('.progress').textContent()).toContain('train epoch 2/3');

    // The token outlives a reload (sessionStorage), and Cancel cancels the queued job.
    await page.reload();
    await expect.poll(() => job(queued).getAttribute('data-status'), { timeout: 15_000 }).toBe('queued');
    await job(queued).locator('button.cancel').click();
    await expect.poll(() => job(queued).getAttribute('data-status'), { timeout: 15_000 }).toBe('cancelled');
    expect(await job(queued).locator('button.cancel').isHidden()).toBe(true);
    const stored = trainingJobSchema.parse(await (await worker.fetch(`/v1/training/jobs/${queued}`, { headers: { authorization: `Bearer ${token}` } })).json());
    expect(stored.status).toBe('cancelled');
    await page.screenshot({ path: path.join(ARTIFACTS, 'models-jobs.png'), fullPage: true });
    expect(failures).toEqual([]);
    await page.close();
  });

  it("lists each model's versions with their metrics and draws their training curves as inline SVG", async () => {
    const { page, failures } = await openPage('/models.html', { width: 1000, height: 900 });
    await expect.poll(() => page.locator('body[data-ready="true"]').count(), { timeout: 30_000 }).toBe(1);
    const section = page.locator(`section[data-model="${store.name}"]`);
    const production = section.locator(`tr[data-version="${store.version}"]:not(.curves)`);
    expect(await production.textContent()).toContain('testAccuracy');
    expect(await production.textContent()).toContain('production');
    // The store also holds an unpromoted copy of the version: every version is listed, not only production.
    expect(await section.locator(`tr[data-version="${store.pinnedVersion}"]`).count()).toBeGreaterThan(0);

    // The test model trained for 2 epochs: each of the loss and accuracy charts has a train and a validation line through 2 points.
    const lines = section.locator(`tr.curves[data-version="${store.version}"] svg path.line`);
    expect(await lines.count()).toBe(4);
    for (const d of await lines.evaluateAll((paths) => paths.map((path) => path.getAttribute('d')))) expect(d).toMatch(/^M[\d.]+,[\d.]+L[\d.]+,[\d.]+$/);
    const box = await lines.first().boundingBox();
    expect(box!.width).toBeGreaterThan(100);
    await page.screenshot({ path: path.join(ARTIFACTS, 'models-curves.png'), fullPage: true });
    expect(failures).toEqual([]);
    await page.close();
  });
});
