// A chart leaving the app stands on its own: a title, the experiment and metric it belongs to, and
// its legend sit above the drawing, and the file is named after all three.
import { exportFileName } from './file-name.ts';

export type ChartLegendItem = { name: string; color: string };

export type ChartInfo = {
  width: number;
  height: number;
  title: string;
  experiment: string;
  metric: string | null;
  legend: readonly ChartLegendItem[];
  background: string;
  /** Text colour of the header (the page's, so it reads on its background). */
  foreground?: string;
};

/** "checkout-order-value-posterior-density.svg"; charts of the whole experiment have no metric. */
export function chartFileName(
  experiment: string,
  metric: string | null,
  chart: string,
  extension: string,
): string {
  return exportFileName(experiment, metric ? `${metric}-${chart}` : chart, extension);
}

const FONT = 'font-family="system-ui, sans-serif"';
const LINE = 20;
const PAD = 12;
/** Rough width of a legend entry: swatch, gap and ~7 px a character at 12 px. */
const entryWidth = (name: string) => 26 + name.length * 7 + 16;

function xml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** `inner`: the chart's standalone <svg>; returns it nested below a header, in one <svg>. */
export function titledChartSvg(inner: string, info: ChartInfo): string {
  const ink = xml(info.foreground ?? '#222222');
  const parts: string[] = [];
  let y = PAD + 14;
  parts.push(
    `<text x="${PAD}" y="${y}" ${FONT} font-size="15" font-weight="600" fill="${ink}">${xml(info.title)}</text>`,
  );
  y += LINE;
  const subtitle = info.metric ? `${info.experiment} · ${info.metric}` : info.experiment;
  parts.push(
    `<text x="${PAD}" y="${y}" ${FONT} font-size="12" fill="${ink}" fill-opacity="0.75">${xml(subtitle)}</text>`,
  );
  let x = PAD;
  if (info.legend.length > 0) y += LINE;
  for (const item of info.legend) {
    if (x > PAD && x + entryWidth(item.name) > info.width - PAD) {
      x = PAD;
      y += LINE - 2;
    }
    const color = xml(item.color);
    parts.push(
      `<line x1="${x}" x2="${x + 18}" y1="${y - 4}" y2="${y - 4}" stroke="${color}" stroke-width="3"/>`,
      `<text x="${x + 24}" y="${y}" ${FONT} font-size="12" fill="${ink}">${xml(item.name)}</text>`,
    );
    x += entryWidth(item.name);
  }
  const header = y + PAD;
  const total = header + info.height;
  const nested = inner.replace(/^<svg\b/, `<svg x="0" y="${header}"`);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${info.width}" height="${total}" viewBox="0 0 ${info.width} ${total}">` +
    `<rect width="100%" height="100%" fill="${xml(info.background)}"/>` +
    parts.join('') +
    nested +
    `</svg>`
  );
}
