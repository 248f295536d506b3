/** Tiny element builders: `el('button', { class: 'x', dataset: { a: 1 } }, 'text')`, and `svg(...)` for SVG. */
function build(node, attrs, children) {
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

export const el = (tag, attrs = {}, ...children) => build(document.createElement(tag), attrs, children);
export const svg = (tag, attrs = {}, ...children) => build(document.createElementNS('http://www.w3.org/2000/svg', tag), attrs, children);

/** A network number from the API (which may be the string "-0") as a number. */
export const num = (v) => (v === '-0' ? -0 : Number(v));

/** True when the visitor asked the system for less motion. */
export const reducedMotion = () => window.matchMedia('(prefers-reduced-motion: reduce)').matches;
