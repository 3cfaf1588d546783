/** Ranges a generated client image is drawn from; two presets keep evaluation apart from development. */
export interface ClientImageStyle {
  photo: {
    /** Frame sides in pixels. */
    frame: [number, number];
    /** Side of the digit's 28 × 28 square (the digit is about 20/28 of it). */
    side: [number, number];
    penRadius: [number, number];
    rotationDegrees: number;
    /** Light across the sheet: brightness, gradient (± share across the frame), vignette (darkening at the corners). */
    brightness: [number, number];
    gradient: number;
    vignette: number;
    shadowChance: number;
    ruledChance: number;
    edgeChance: number;
    blurSigma: [number, number];
    noiseSigma: [number, number];
    jpegQuality: [number, number];
    /**
     * Variations added while tuning on development (absent: never, and no random draw, so older sets stay the same):
     * a broad marker (MNIST's own strokes enlarged, as wide as MNIST's), a faint pen (pencil, a pen running dry),
     * the page tilted under the camera (ruled lines askew), squared paper.
     */
    markerChance?: number;
    faintChance?: number;
    pageTiltDegrees?: number;
    gridChance?: number;
  };
  canvas: {
    side: [number, number];
    penRadius: [number, number];
    rotationDegrees: number;
    /** Elastic displacement, in the digit's 28 units. */
    elastic: [number, number];
  };
  /** Digits drawn in a browser from handwritten stroke paths (handwrittenStrokes), on a 280 × 280 canvas. */
  drawn: {
    /** Digit height in pixels, and width as a share of it. */
    height: [number, number];
    aspect: [number, number];
    /** Horizontal shear (x shifts by −slant × y) and tilt. */
    slant: number;
    rotationDegrees: number;
    /** Control points' jitter (standard deviation) and the paths' smooth wobble, in shares of the digit's box. */
    jitter: number;
    wobble: number;
    lineWidth: [number, number];
  };
}

/** What preprocessing was developed against. */
export const DEVELOPMENT_STYLE: ClientImageStyle = {
  photo: {
    frame: [300, 500], side: [60, 160], penRadius: [1.2, 3.5], rotationDegrees: 10, brightness: [0.7, 1.05], gradient: 0.5, vignette: 0.4,
    shadowChance: 0.3, ruledChance: 0.3, edgeChance: 0.2, blurSigma: [0.3, 1.2], noiseSigma: [2, 7], jpegQuality: [60, 90],
    markerChance: 0.3, faintChance: 0.15, pageTiltDegrees: 4, gridChance: 0.1,
  },
  canvas: { side: [130, 260], penRadius: [4, 12], rotationDegrees: 12, elastic: [0.5, 2] },
  drawn: { height: [110, 220], aspect: [0.5, 0.8], slant: 0.3, rotationDegrees: 10, jitter: 0.03, wobble: 0.02, lineWidth: [12, 24] },
};

/** The held-out sets eval:clients reports: other seed, other MNIST test digits, shifted ranges. */
export const EVALUATION_STYLE: ClientImageStyle = {
  photo: {
    frame: [300, 500], side: [70, 150], penRadius: [1, 3], rotationDegrees: 10, brightness: [0.6, 1], gradient: 0.6, vignette: 0.5,
    shadowChance: 0.35, ruledChance: 0.25, edgeChance: 0.25, blurSigma: [0.4, 1.4], noiseSigma: [3, 8], jpegQuality: [60, 90],
  },
  canvas: { side: [110, 250], penRadius: [5, 14], rotationDegrees: 10, elastic: [0.8, 2.2] },
  drawn: { height: [100, 240], aspect: [0.45, 0.85], slant: 0.35, rotationDegrees: 12, jitter: 0.04, wobble: 0.03, lineWidth: [10, 28] },
};
