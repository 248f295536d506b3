/**
 * WCAG contrast, for colours the pages compute or must prove. Readable text on a node whose
 * brightness changes: the node is the lit colour painted at some opacity over the panel, so the
 * number on it needs black on a bright node and white on a dim one (the console's diagram). Pure
 * black or white against any backdrop gives at least 4.58:1 (WCAG AA asks 4.5:1); a near-black such
 * as #111 does not (3.8:1 at mid brightness), hence the extremes. The weights' colours are checked
 * with it too (test/dashboard/kit/contrast.test.ts).
 */

/** '#rgb', '#rrggbb' or 'rgb(r, g, b)' as [r, g, b] (0–255). */
export function parseColor(text) {
  const s = String(text).trim();
  const rgb = s.match(/^rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)/i);
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])];
  const hex = s.replace(/^#/, '');
  const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
  if (!/^[0-9a-f]{6}$/i.test(full)) throw new Error(`not a colour: ${text}`);
  return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16));
}

/** `top` painted at `alpha` (0–1) over `bottom`. */
export function blend(top, bottom, alpha) {
  return top.map((c, i) => c * alpha + bottom[i] * (1 - alpha));
}

/** WCAG relative luminance. */
export function luminance([r, g, b]) {
  const lin = (c) => {
    const v = c / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG contrast ratio of two colours (1–21). */
export function contrast(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

const BLACK = [0, 0, 0];
const WHITE = [255, 255, 255];

/** '#000' or '#fff', whichever reads better on `backdrop` ([r, g, b]). */
export function textColorOn(backdrop) {
  return contrast(BLACK, backdrop) >= contrast(WHITE, backdrop) ? '#000' : '#fff';
}
