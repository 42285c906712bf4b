import { encodePng } from './png.js';

/** Teams' sizes: a 192×192 full-colour icon and a 32×32 white-on-transparent outline. */
export const COLOR_ICON_SIZE = 192;
export const OUTLINE_ICON_SIZE = 32;
export const ACCENT = { r: 0x24, g: 0x5b, b: 0xdb };

type Shape = (x: number, y: number) => boolean;

function disc(cx: number, cy: number, r: number): Shape {
  return (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

function cord(ax: number, ay: number, bx: number, by: number, halfWidth: number): Shape {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  return (x, y) => {
    const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2));
    return (x - ax - t * dx) ** 2 + (y - ay - t * dy) ** 2 <= halfWidth * halfWidth;
  };
}

/**
 * The mark, in unit coordinates: three jacks on each side of a switchboard with patch cords
 * crossing between them (one conversation routed to the right skill).
 */
function switchboardMark(jack: number, width: number): Shape {
  const left = 0.12;
  const right = 0.88;
  const rows = [0.18, 0.5, 0.82];
  const shapes: Shape[] = [
    ...rows.flatMap((y) => [disc(left, y, jack), disc(right, y, jack)]),
    cord(left, rows[0]!, right, rows[1]!, width),
    cord(left, rows[1]!, right, rows[2]!, width),
    cord(left, rows[2]!, right, rows[0]!, width),
  ];
  return (x, y) => shapes.some((s) => s(x, y));
}

/** Coverage of the mark over each pixel (4×4 samples), placed in the square [margin, 1 − margin]. */
function coverage(size: number, margin: number, mark: Shape): Float32Array {
  const out = new Float32Array(size * size);
  const span = 1 - 2 * margin;
  const samples = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let hits = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const u = ((px + (sx + 0.5) / samples) / size - margin) / span;
          const v = ((py + (sy + 0.5) / samples) / size - margin) / span;
          if (u >= -0.2 && u <= 1.2 && v >= -0.2 && v <= 1.2 && mark(u, v)) hits++;
        }
      }
      out[py * size + px] = hits / (samples * samples);
    }
  }
  return out;
}

/** The colour icon: the white mark on the accent colour, filling the square (Teams rounds the corners). */
export function colorIconPng(): Buffer {
  const size = COLOR_ICON_SIZE;
  const cover = coverage(size, 0.22, switchboardMark(0.1, 0.045));
  const rgba = new Uint8Array(size * size * 4);
  for (let i = 0; i < size * size; i++) {
    const a = cover[i]!;
    rgba[i * 4] = Math.round(ACCENT.r + (255 - ACCENT.r) * a);
    rgba[i * 4 + 1] = Math.round(ACCENT.g + (255 - ACCENT.g) * a);
    rgba[i * 4 + 2] = Math.round(ACCENT.b + (255 - ACCENT.b) * a);
    rgba[i * 4 + 3] = 255;
  }
  return encodePng(size, size, rgba);
}

/** The outline icon: the mark in white on transparent, as Teams requires. */
export function outlineIconPng(): Buffer {
  const size = OUTLINE_ICON_SIZE;
  const cover = coverage(size, 0.1, switchboardMark(0.11, 0.05));
  const rgba = new Uint8Array(size * size * 4);
  for (let i = 0; i < size * size; i++) {
    rgba[i * 4] = 255;
    rgba[i * 4 + 1] = 255;
    rgba[i * 4 + 2] = 255;
    rgba[i * 4 + 3] = Math.round(255 * cover[i]!);
  }
  return encodePng(size, size, rgba);
}
