/**
 * The pages' one DOM helper: `el('li', { class: 'x', dataset: { id: 1 } }, 'text', child)` builds an
 * element and `svg('circle', { r: 4 })` an SVG one, so the modules that draw read as what they draw.
 * An attribute that is undefined, null or false is left out, `true` sets it empty, `on<event>` adds
 * a listener; null and undefined children are skipped.
 */
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

const SVG_NS = 'http://www.w3.org/2000/svg';

export const el = (tag, attrs = {}, ...children) => build(document.createElement(tag), attrs, children);
export const svg = (tag, attrs = {}, ...children) => build(document.createElementNS(SVG_NS, tag), attrs, children);
