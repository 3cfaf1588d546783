/** Confidence bins, as in Guo et al. (2017), "On Calibration of Modern Neural Networks". */
const BINS = 15;

/**
 * Expected calibration error of answers given as [confidence of the top class, whether it was
 * right]: Σ over 15 equal-width confidence bins of (share of answers in the bin) × |accuracy −
 * mean confidence|. 0 is perfectly calibrated.
 */
export function expectedCalibrationError(answers: Array<[number, boolean]>): number {
  const count = new Float64Array(BINS);
  const confidence = new Float64Array(BINS);
  const correct = new Float64Array(BINS);
  for (const [p, right] of answers) {
    const bin = Math.min(BINS - 1, Math.floor(p * BINS));
    count[bin]++;
    confidence[bin] += p;
    correct[bin] += right ? 1 : 0;
  }
  let ece = 0;
  for (let bin = 0; bin < BINS; bin++) ece += Math.abs(correct[bin] - confidence[bin]) / Math.max(1, answers.length);
  return ece;
}
