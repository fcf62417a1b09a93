// Line charts as inline SVG for the HTML report: no script, no external resource. Time on
// the x axis as elapsed m:ss, finding ranges shaded behind the lines. Every label is escaped.
import { escapeXml as x } from './escape';

export interface ChartLine {
  label: string;
  color: string;
  points: { t: number; v: number | null }[];
}

export interface ChartBand {
  from: number;
  to: number;
  color: string;
  label: string;
}

const W = 720;
const H = 170;
const pad = { left: 56, right: 12, top: 22, bottom: 24 };

const elapsed = (ms: number) => {
  const s = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

const tick = (v: number) => (v >= 1000 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));

/** `xLabel` turns an x value into its axis label (default: elapsed m:ss from the start). */
export function svgLineChart(title: string, unit: string, lines: readonly ChartLine[], bands: readonly ChartBand[], span: { start: number; end: number }, xLabel?: (t: number) => string): string {
  const values = lines.flatMap((l) => l.points.map((p) => p.v)).filter((v): v is number => v !== null && Number.isFinite(v));
  const max = Math.max(1e-9, ...values) * 1.1;
  const t0 = span.start;
  const t1 = Math.max(span.end, span.start + 1);
  const px = (t: number) => pad.left + ((t - t0) / (t1 - t0)) * (W - pad.left - pad.right);
  const py = (v: number) => H - pad.bottom - (v / max) * (H - pad.top - pad.bottom);
  const shaded = bands
    .filter((b) => b.to > t0 && b.from < t1)
    .map((b) => {
      const a = px(Math.max(b.from, t0));
      const w = Math.max(2, px(Math.min(b.to, t1)) - a);
      return `<rect x="${a.toFixed(1)}" y="${pad.top}" width="${w.toFixed(1)}" height="${H - pad.top - pad.bottom}" fill="${x(b.color)}" fill-opacity="0.15"><title>${x(b.label)}</title></rect>`;
    });
  const paths = lines.map((l) => {
    const segments: string[] = [];
    let current = '';
    for (const p of l.points) {
      if (p.v === null || !Number.isFinite(p.v)) {
        if (current) segments.push(current);
        current = '';
        continue;
      }
      current += `${current ? 'L' : 'M'}${px(p.t).toFixed(1)},${py(p.v).toFixed(1)}`;
    }
    if (current) segments.push(current);
    // A single point has no segment to draw: mark it.
    const dots = l.points.length <= 40 ? l.points.filter((p) => p.v !== null && Number.isFinite(p.v)).map((p) => `<circle cx="${px(p.t).toFixed(1)}" cy="${py(p.v as number).toFixed(1)}" r="2.5" fill="${x(l.color)}"/>`).join('') : '';
    return `<path d="${segments.join(' ') || 'M0,0'}" fill="none" stroke="${x(l.color)}" stroke-width="1.5"><title>${x(l.label)}</title></path>${dots}`;
  });
  const legend = lines.map((l, i) => `<text x="${pad.left + 8 + i * 110}" y="14" fill="${x(l.color)}" font-size="11">■ ${x(l.label)}</text>`);
  const axis = [
    `<line x1="${pad.left}" y1="${H - pad.bottom}" x2="${W - pad.right}" y2="${H - pad.bottom}" stroke="#888"/>`,
    `<line x1="${pad.left}" y1="${pad.top}" x2="${pad.left}" y2="${H - pad.bottom}" stroke="#888"/>`,
    `<text x="${pad.left - 4}" y="${pad.top + 4}" text-anchor="end" font-size="10">${x(tick(max))}</text>`,
    `<text x="${pad.left - 4}" y="${H - pad.bottom}" text-anchor="end" font-size="10">0</text>`,
    `<text x="${pad.left}" y="${H - 6}" font-size="10">${x(xLabel ? xLabel(t0) : '0:00')}</text>`,
    `<text x="${W - pad.right}" y="${H - 6}" text-anchor="end" font-size="10">${x(xLabel ? xLabel(t1) : elapsed(t1 - t0))}</text>`,
    `<text x="6" y="${(H / 2).toFixed(0)}" font-size="10">${x(unit)}</text>`,
  ];
  return [
    `<figure class="chart"><figcaption>${x(title)}</figcaption>`,
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${x(title)}">`,
    ...shaded,
    ...axis,
    ...paths,
    ...legend,
    '</svg></figure>',
  ].join('\n');
}
