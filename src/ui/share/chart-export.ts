// Charts leave the app as standalone SVG (the chart's own <svg>, with the computed styles written
// inline so it looks the same outside the page, below a header with its title, experiment, metric and
// legend) or as PNG (that SVG drawn onto a canvas).
import {
  chartFileName,
  titledChartSvg,
  type ChartLegendItem,
} from '../../lib/export/chart-file.ts';

const STYLE_PROPERTIES = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'text-anchor',
  'dominant-baseline',
  'color',
  'visibility',
  'display',
];

/** A self-contained copy of `svg`: computed styles inline, explicit size, XML namespace, a background. */
export function standaloneSvg(svg: SVGSVGElement): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const originals = [svg, ...svg.querySelectorAll('*')];
  const copies = [copy, ...copy.querySelectorAll('*')];
  originals.forEach((original, i) => {
    const computed = getComputedStyle(original);
    const target = copies[i] as SVGElement;
    const inline = STYLE_PROPERTIES.map(
      (property) => `${property}:${computed.getPropertyValue(property)}`,
    ).join(';');
    target.setAttribute('style', inline);
  });
  const box = svg.getBoundingClientRect();
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('width', String(Math.round(box.width)));
  copy.setAttribute('height', String(Math.round(box.height)));
  const background = getComputedStyle(document.body).backgroundColor;
  copy.style.setProperty('background', background);
  return new XMLSerializer().serializeToString(copy);
}

export type ExportedChart = { markup: string; width: number; height: number };

/**
 * A chart of a ChartFrame figure, ready to save: titled by its caption, with the experiment, the
 * metric (from the nearest [data-metric]) and its legend. `fileName(extension)` names the file.
 */
export function exportedChart(
  svg: SVGSVGElement,
  experiment: string,
): ExportedChart & { fileName: (extension: string) => string } {
  const figure = svg.closest<HTMLElement>('figure.chart');
  const metric = svg.closest<HTMLElement>('[data-metric]')?.dataset.metric ?? null;
  const legend: ChartLegendItem[] = [...(figure?.querySelectorAll('ul.legend li') ?? [])].map(
    (item) => ({
      name: item.textContent?.trim() ?? '',
      color: item.querySelector('line')?.getAttribute('stroke') ?? 'currentColor',
    }),
  );
  const box = svg.getBoundingClientRect();
  const width = Math.round(box.width);
  const chartHeight = Math.round(box.height);
  const markup = titledChartSvg(standaloneSvg(svg), {
    width,
    height: chartHeight,
    title: figure?.querySelector('figcaption')?.textContent?.trim() ?? 'Chart',
    experiment,
    metric,
    legend,
    background: getComputedStyle(document.body).backgroundColor || '#ffffff',
    foreground: getComputedStyle(document.body).color || '#222222',
  });
  const height = Number(/height="(\d+)"/.exec(markup)?.[1] ?? chartHeight);
  const chart = figure?.dataset.chart ?? 'chart';
  return {
    markup,
    width,
    height,
    fileName: (extension) => chartFileName(experiment, metric, chart, extension),
  };
}

/** Draws an exported chart at `scale` × its size into a PNG blob. */
export async function chartToPng(chart: ExportedChart, scale = 2): Promise<Blob> {
  const { markup } = chart;
  const box = { width: chart.width, height: chart.height };
  const url = URL.createObjectURL(new Blob([markup], { type: 'image/svg+xml;charset=utf-8' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(box.width * scale));
    canvas.height = Math.max(1, Math.round(box.height * scale));
    const context = canvas.getContext('2d');
    if (!context) throw new Error('this browser cannot draw to a canvas');
    context.fillStyle = getComputedStyle(document.body).backgroundColor || '#ffffff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (blob) =>
          blob ? resolve(blob) : reject(new Error('the chart could not be turned into a PNG')),
        'image/png',
      ),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
