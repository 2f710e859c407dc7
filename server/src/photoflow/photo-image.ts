/**
 * The simulated Drive's images: one SVG per photo, different enough (colours, shape,
 * number, file name) for a photographer to tell photos apart at a glance. Labels stay
 * inside the central square, which is what a square grid tile shows of the 4:3 image.
 */
export interface PhotoImage {
  readonly folderHue: number;
  readonly index: number;
  readonly fileName: string;
  /** The stage the image belongs to, drawn as a corner label ("RAW", "STOCK", …). */
  readonly variant: string;
}

const shapes = ['circle', 'square', 'triangle', 'diamond', 'ring', 'bars'] as const;

const escapeXml = (text: string): string =>
  text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

export function renderPhotoSvg(image: PhotoImage): string {
  const { index } = image;
  // The golden angle spreads neighbouring photos far apart on the colour wheel.
  const hue = Math.round((image.folderHue + index * 137.508) % 360);
  const accent = (hue + 160) % 360;
  const shape = shapes[index % shapes.length];
  const cx = 90 + ((index * 53) % 140);
  const cy = 70 + ((index * 31) % 70);
  const size = 28 + ((index * 17) % 30);
  const fill = `hsl(${accent} 80% 62%)`;
  let figure: string;
  switch (shape) {
    case 'circle':
      figure = `<circle cx="${cx}" cy="${cy}" r="${size}" fill="${fill}"/>`;
      break;
    case 'square':
      figure = `<rect x="${cx - size}" y="${cy - size}" width="${size * 2}" height="${size * 2}" fill="${fill}"/>`;
      break;
    case 'triangle':
      figure = `<polygon points="${cx},${cy - size} ${cx + size},${cy + size} ${cx - size},${cy + size}" fill="${fill}"/>`;
      break;
    case 'diamond':
      figure = `<polygon points="${cx},${cy - size} ${cx + size},${cy} ${cx},${cy + size} ${cx - size},${cy}" fill="${fill}"/>`;
      break;
    case 'ring':
      figure = `<circle cx="${cx}" cy="${cy}" r="${size}" fill="none" stroke="${fill}" stroke-width="12"/>`;
      break;
    default:
      figure = [0, 1, 2]
        .map(
          (bar) =>
            `<rect x="${cx - size + bar * size * 0.75}" y="${cy - size}" width="${size * 0.5}" height="${size * 2}" fill="${fill}"/>`,
        )
        .join('');
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="240" viewBox="0 0 320 240" role="img" aria-label="${escapeXml(image.fileName)}">
<defs><linearGradient id="sky-${hue}-${index}" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl(${hue} 65% 38%)"/><stop offset="1" stop-color="hsl(${(hue + 40) % 360} 70% 22%)"/></linearGradient></defs>
<rect width="320" height="240" fill="url(#sky-${hue}-${index})"/>
<path d="M0 200 L${60 + (index % 7) * 15} ${150 - (index % 5) * 8} L${170 + (index % 3) * 20} 210 L${250 - (index % 4) * 10} ${160 + (index % 6) * 5} L320 205 L320 240 L0 240 Z" fill="hsl(${hue} 40% 15%)" opacity="0.8"/>
${figure}
<text x="272" y="56" text-anchor="end" font-family="sans-serif" font-size="40" font-weight="700" fill="#fff" opacity="0.92">${index}</text>
<rect x="0" y="212" width="320" height="28" fill="#000" opacity="0.55"/>
<text x="48" y="231" font-family="monospace" font-size="15" fill="#fff">${escapeXml(image.fileName)}</text>
<text x="272" y="231" text-anchor="end" font-family="sans-serif" font-size="12" font-weight="700" fill="hsl(${accent} 90% 75%)">${escapeXml(image.variant)}</text>
</svg>`;
}
