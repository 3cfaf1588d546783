// The models page's training jobs, live: every job the pasted token may see (GET
// /v1/training/jobs, asked again every POLL_MS), its status, its curves growing epoch by epoch,
// and a Cancel button while it can still be cancelled (POST /v1/training/jobs/<id>/cancel).
// The token stays in sessionStorage: this tab only, gone when it closes.
import { curveCharts } from '/charts.js';

const TOKEN_KEY = 'edgeml-training-token';
const POLL_MS = 2000;
const CANCELLABLE = new Set(['queued', 'running']);

const form = document.getElementById('token-form');
const tokenInput = document.getElementById('token');
const forget = document.getElementById('forget-token');
const jobsStatus = document.getElementById('jobs-status');
const list = document.getElementById('jobs');
let timer;

function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

async function api(path, init = {}) {
  const response = await fetch(path, { ...init, headers: { ...init.headers, authorization: `Bearer ${token()}` } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(`${response.status} ${body.error?.code ?? ''}: ${body.error?.message ?? 'no message'}`);
  return body;
}

/** The job's section, made the first time it is seen. */
function jobSection(job) {
  let section = list.querySelector(`section[data-job="${CSS.escape(job.id)}"]`);
  if (section) return section;
  section = document.createElement('section');
  section.className = 'job';
  section.dataset.job = job.id;
  section.innerHTML =
    '<h3><span class="title"></span> <span class="status"></span> <button type="button" class="cancel">Cancel</button></h3>' +
    '<p class="progress"></p><p class="outcome"></p><div class="curves"></div>';
  const { request } = job;
  section.querySelector('.title').textContent = `${job.id}: ${request.model} (${request.task}, dataset ${request.dataset})`;
  section.querySelector('.cancel').addEventListener('click', () => cancel(job.id, section));
  list.prepend(section);
  return section;
}

async function cancel(id, section) {
  const button = section.querySelector('.cancel');
  button.disabled = true;
  try {
    // The answer is the job as cancelled.
    showJob(await api(`/v1/training/jobs/${encodeURIComponent(id)}/cancel`, { method: 'POST' }));
  } catch (error) {
    section.querySelector('.outcome').textContent = `Could not cancel: ${error.message}`;
    button.disabled = false;
  }
}

function showJob(job) {
  const section = jobSection(job);
  section.dataset.status = job.status;
  section.querySelector('.status').textContent = job.status;
  section.querySelector('.cancel').hidden = !CANCELLABLE.has(job.status);
  const epochs = job.events.filter((event) => event.type === 'epoch');
  const last = epochs.at(-1);
  section.querySelector('.progress').textContent = last
    ? `${last.phase} epoch ${last.epoch}/${last.epochs}: loss ${last.loss.toFixed(4)}, accuracy ${(100 * last.accuracy).toFixed(2)}%, ` +
      `${Math.round(last.samplesPerSecond)} samples/s, about ${Math.round(last.etaSeconds)} s left`
    : `submitted ${new Date(job.createdAt).toLocaleString()}`;
  const outcome = job.error ? `${job.error.code}: ${job.error.message}` : job.result?.version ? `version ${job.result.version} (${job.result.channel ?? 'none'})` : '';
  if (outcome) section.querySelector('.outcome').textContent = outcome;
  // Redrawn only when an epoch arrived: the charts grow as the events do.
  const curves = section.querySelector('.curves');
  if (Number(curves.dataset.points ?? 0) === epochs.length) return;
  curves.dataset.points = String(epochs.length);
  const phases = [...new Set(epochs.map((event) => event.phase))];
  curves.replaceChildren(...phases.flatMap((phase) => curveCharts(epochs.filter((event) => event.phase === phase))));
}

async function poll() {
  clearTimeout(timer);
  if (!token()) {
    jobsStatus.textContent = 'Paste a token with the training scope (or the admin token) to see training jobs.';
    list.replaceChildren();
    return;
  }
  try {
    const { jobs } = await api('/v1/training/jobs');
    jobs.forEach(showJob);
    jobsStatus.textContent = jobs.length === 0 ? 'No training jobs yet.' : `${jobs.length} jobs, updated ${new Date().toLocaleTimeString()}`;
  } catch (error) {
    jobsStatus.textContent = `Could not list the jobs: ${error.message}`;
  }
  document.body.dataset.jobsPolled = String(Number(document.body.dataset.jobsPolled ?? 0) + 1);
  timer = setTimeout(poll, POLL_MS);
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const value = tokenInput.value.trim();
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  tokenInput.value = '';
  poll();
});
forget.addEventListener('click', () => {
  sessionStorage.removeItem(TOKEN_KEY);
  poll();
});
poll();
