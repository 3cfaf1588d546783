/** One 8-connected component of a mask. */
export interface InkComponent {
  /** Its label in `labels` (1-based). */
  label: number;
  pixels: number;
  /** Sum of its ink levels. */
  mass: number;
  /** Its strongest ink level. */
  peak: number;
  left: number;
  top: number;
  right: number;
  bottom: number;
  /** Touches the image's edge. */
  atEdge: boolean;
}

/**
 * The 8-connected components of the set pixels of `mask`, with their size, ink mass, peak and
 * bounding box; `labels` gives each pixel's component (0 for unset). Flood fill with an explicit
 * stack, so a large component cannot overflow the call stack.
 */
export function labelComponents(mask: Uint8Array, ink: Float32Array, width: number, height: number): { labels: Int32Array; components: InkComponent[] } {
  const labels = new Int32Array(width * height);
  const components: InkComponent[] = [];
  const stack = new Int32Array(width * height);
  for (let start = 0; start < mask.length; start++) {
    if (!mask[start] || labels[start]) continue;
    const label = components.length + 1;
    const component: InkComponent = { label, pixels: 0, mass: 0, peak: 0, left: width, top: height, right: -1, bottom: -1, atEdge: false };
    let size = 0;
    stack[size++] = start;
    labels[start] = label;
    while (size > 0) {
      const i = stack[--size];
      const x = i % width;
      const y = (i - x) / width;
      component.pixels++;
      component.mass += ink[i];
      component.peak = Math.max(component.peak, ink[i]);
      component.left = Math.min(component.left, x);
      component.right = Math.max(component.right, x);
      component.top = Math.min(component.top, y);
      component.bottom = Math.max(component.bottom, y);
      if (x === 0 || y === 0 || x === width - 1 || y === height - 1) component.atEdge = true;
      for (let ny = Math.max(0, y - 1); ny <= Math.min(height - 1, y + 1); ny++) {
        for (let nx = Math.max(0, x - 1); nx <= Math.min(width - 1, x + 1); nx++) {
          const n = ny * width + nx;
          if (mask[n] && !labels[n]) {
            labels[n] = label;
            stack[size++] = n;
          }
        }
      }
    }
    components.push(component);
  }
  return { labels, components };
}
