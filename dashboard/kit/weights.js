/**
 * One meaning for a weight's look on both pages: blue where it pushes the next neuron on (a positive
 * weight), orange where it holds it back (a negative one, -0 included), thicker where it counts
 * more. TensorFlow Playground's convention, told apart by people who cannot tell red from green.
 * The colours, light and dark, are in weights.css; the pages say the meaning in words beside the
 * drawing.
 */

/** A network number from the API as a number: it may be the string "-0" (negative zero is kept exactly, docs/api.md). */
export const num = (v) => (v === '-0' ? -0 : Number(v));

/** A link's stroke width runs from `thinnest` (a weight of 0) to `thickest` (the largest weight drawn beside it). */
export const WEIGHT_WIDTHS = { thinnest: 1, thickest: 10 };

/** Styles one link for weight `w`, `max` being the largest |weight| drawn beside it. */
export function styleWeight(path, w, max, { thinnest, thickest } = WEIGHT_WIDTHS) {
  const negative = w < 0 || Object.is(w, -0);
  path.classList.toggle('neg', negative);
  path.classList.toggle('pos', !negative);
  path.setAttribute('stroke-width', (thinnest + ((thickest - thinnest) * Math.abs(w)) / max).toFixed(2));
  path.dataset.weight = String(w);
}

/**
 * Styles every link of a network document (its layers' weights, row-major as `links` are laid out
 * by networkGeometry.js): `paths[l][k]` is the path of weight k of layer l.
 */
export function paintWeights(paths, network, widths = WEIGHT_WIDTHS) {
  let max = 1e-9;
  for (const layer of network.layers) for (const w of layer.weights) max = Math.max(max, Math.abs(num(w)));
  network.layers.forEach((layer, l) => {
    layer.weights.forEach((raw, k) => {
      const path = paths[l]?.[k];
      if (path) styleWeight(path, num(raw), max, widths);
    });
  });
}
