// Charts leave the app as standalone SVG (the chart's own <svg>, with the computed styles written
// inline so it looks the same outside the page) or as PNG (that SVG drawn onto a canvas).

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

/** Renders the standalone SVG at `scale` × its size to a PNG blob. */
export async function svgToPng(svg: SVGSVGElement, scale = 2): Promise<Blob> {
  const markup = standaloneSvg(svg);
  const box = svg.getBoundingClientRect();
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
