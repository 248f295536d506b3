/**
 * The loss curve (uPlot): loss against seconds of training on a log scale, where "closer and
 * closer, never perfect" shows as a line that keeps falling by ever smaller steps.
 */
import uPlot from '/vendor/uplot/uPlot.esm.js';

const MAX_POINTS = 1500;
const FLOOR = 1e-6; // a log scale cannot show 0
/** Tick labels that stay distinct from milliseconds to hours. */
const seconds = (x) => (x == null ? '' : x >= 10 ? String(Math.round(x)) : x >= 1 ? x.toFixed(1) : x >= 0.1 ? x.toFixed(2) : x.toFixed(3));
const GRID = { stroke: 'rgba(139, 149, 163, 0.18)', width: 1 };

/**
 * An axis as wide as its widest tick number (uPlot's own recipe): a fixed width let a loss of
 * 0.000001 run into the axis title beside it. uPlot asks again (cycleNum) until the ticks settle.
 */
function fitTicks(self, values, axisIdx, cycleNum) {
  const axis = self.axes[axisIdx];
  if (cycleNum > 1) return axis._size;
  self.ctx.font = axis.font[0];
  const widest = Math.max(0, ...(values ?? []).map((v) => self.ctx.measureText(v).width)) / devicePixelRatio;
  return Math.ceil(axis.ticks.size + axis.gap + widest + 2);
}

export function createLossChart(container) {
  const xs = [];
  const ys = [];
  const width = () => Math.max(240, Math.floor(container.clientWidth || 320));
  const plot = new uPlot(
    {
      width: width(),
      height: 200,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: false }, y: { distr: 3 } },
      axes: [
        { stroke: '#8b95a3', grid: GRID, ticks: GRID, label: 'seconds', labelSize: 18, size: 36, values: (_, v) => v.map(seconds) },
        { stroke: '#8b95a3', grid: GRID, ticks: GRID, label: 'loss', labelSize: 18, size: fitTicks, values: (_, v) => v.map((x) => (x == null ? '' : Number(x.toPrecision(2)).toString())) },
      ],
      series: [{}, { label: 'loss', stroke: '#ffcf3f', width: 2, points: { show: false } }],
    },
    [xs, ys],
    container,
  );
  container.plot = plot; // for devtools and the layout test (test/browser/consoleFit.test.ts)
  new ResizeObserver(() => plot.setSize({ width: width(), height: 200 })).observe(container);

  let pending = false;
  function redraw() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      plot.setData([xs, ys]);
      container.dataset.points = String(xs.length);
      container.dataset.firstLoss = ys.length ? String(ys[0]) : '';
      container.dataset.lastLoss = ys.length ? String(ys[ys.length - 1]) : '';
    });
  }

  return {
    /** Starts a new curve (a new training run). */
    reset() {
      xs.length = 0;
      ys.length = 0;
      redraw();
    },
    add(seconds, loss) {
      if (loss === null || !Number.isFinite(loss)) return;
      if (xs.length && seconds <= xs[xs.length - 1]) return;
      xs.push(seconds);
      ys.push(Math.max(FLOOR, loss));
      if (xs.length > MAX_POINTS) {
        // keep the whole run visible: thin the older half
        for (let i = 1; i < xs.length / 2; i++) {
          xs.splice(i, 1);
          ys.splice(i, 1);
        }
      }
      redraw();
    },
    get points() {
      return xs.length;
    },
  };
}
