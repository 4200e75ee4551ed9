import { deflateSync } from "node:zlib";
import type { Figure } from "./figures.js";

// A 5×7 bitmap font for the chart's labels: enough to write names, numbers and ratios without a
// font library or a browser. Rows top to bottom, "#" is ink.
const GLYPHS: Record<string, string> = {
  A: ".###.#...##...#######...##...##...#",
  B: "####.#...##...#####.#...##...#####.",
  C: ".###.#...##....#....#....#...#.###.",
  D: "####.#...##...##...##...##...#####.",
  E: "######....#....####.#....#....#####",
  F: "######....#....####.#....#....#....",
  G: ".###.#...##....#.####...##...#.####",
  H: "#...##...##...#######...##...##...#",
  I: ".###...#....#....#....#....#...###.",
  J: "..###...#....#....#.#..#.#..#..##..",
  K: "#...##..#.#.#..##...#.#..#..#.#...#",
  L: "#....#....#....#....#....#....#####",
  M: "#...###.###.#.##...##...##...##...#",
  N: "#...###..##.#.##..###...##...##...#",
  O: ".###.#...##...##...##...##...#.###.",
  P: "####.#...##...#####.#....#....#....",
  Q: ".###.#...##...##...##.#.##..#..##.#",
  R: "####.#...##...#####.#.#..#..#.#...#",
  S: ".####.....#.....###.....#....#####.",
  T: "#####..#....#....#....#....#....#..",
  U: "#...##...##...##...##...##...#.###.",
  V: "#...##...##...##...##...#.#.#...#..",
  W: "#...##...##...##.#.##.#.##.#.#.#.#.",
  X: "#...##...#.#.#...#...#.#.#...##...#",
  Y: "#...##...#.#.#...#....#....#....#..",
  Z: "#####....#...#...#...#...#....#####",
  "0": ".###.#...##..###.#.###..##...#.###.",
  "1": "..#...##....#....#....#....#...###.",
  "2": ".###.#...#....#...#...#...#...#####",
  "3": "#####...#...#.....#....##...#.###.",
  "4": "...#...##..#.#.#..#.#####...#....#.",
  "5": "######....####.....#....##...#.###.",
  "6": "..##..#...#....####.#...##...#.###.",
  "7": "#####....#...#...#...#....#....#...",
  "8": ".###.#...##...#.###.#...##...#.###.",
  "9": ".###.#...##...#.####....#...#..##..",
  ".": "..............................##...",
  ":": ".......##....................##....",
  "-": "................###...............",
  "/": "....#....#...#...#...#...#....#....",
  "(": "...#...#...#....#....#.....#.....#.",
  ")": ".#.....#.....#....#....#...#...#...",
  "%": "##...##..#...#...#...#...#..##...##",
  "=": "..........#####.....#####..........",
  "<": "...#...#...#...#.....#.....#.....#.",
  ">": ".#.....#.....#.....#...#...#...#...",
  _: "..............................#####",
  ",": ".........................##...#..#...",
  "×": ".....#...#.#.#...#...#.#.#...#.....",
  " ": "",
};

class Canvas {
  readonly pixels: Buffer;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.pixels = Buffer.alloc(width * height * 3, 255);
  }
  rect(x: number, y: number, w: number, h: number, [r, g, b]: [number, number, number]): void {
    for (let yy = Math.max(0, y); yy < Math.min(this.height, y + h); yy++)
      for (let xx = Math.max(0, x); xx < Math.min(this.width, x + w); xx++) {
        const at = (yy * this.width + xx) * 3;
        this.pixels[at] = r;
        this.pixels[at + 1] = g;
        this.pixels[at + 2] = b;
      }
  }
  text(x: number, y: number, text: string, scale = 2, color: [number, number, number] = [40, 40, 40]): void {
    let cursor = x;
    for (const char of text.toUpperCase()) {
      const glyph = (GLYPHS[char] ?? "").padEnd(35, ".");
      for (let i = 0; i < 35; i++)
        if (glyph[i] === "#")
          this.rect(cursor + (i % 5) * scale, y + Math.floor(i / 5) * scale, scale, scale, color);
      cursor += 6 * scale;
    }
  }
  png(): Buffer {
    const raw = Buffer.alloc((this.width * 3 + 1) * this.height);
    for (let y = 0; y < this.height; y++)
      this.pixels.copy(raw, y * (this.width * 3 + 1) + 1, y * this.width * 3, (y + 1) * this.width * 3);
    const header = Buffer.alloc(13);
    header.writeUInt32BE(this.width, 0);
    header.writeUInt32BE(this.height, 4);
    header.set([8, 2, 0, 0, 0], 8);
    return Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk("IHDR", header),
      chunk("IDAT", deflateSync(raw)),
      chunk("IEND", Buffer.alloc(0)),
    ]);
  }
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * One horizontal bar per figure: its ratio to the floor (the grey line at 1×), green when the target
 * is met, red when not.
 */
export function ratioChart(figures: readonly Figure[]): Buffer {
  const rowHeight = 34;
  const labelWidth = 470;
  const barWidth = 380;
  const canvas = new Canvas(labelWidth + barWidth + 140, 60 + figures.length * rowHeight);
  canvas.text(10, 12, "PLENUM / FLOOR, SAME RUN, SAME HOMESERVER", 2);
  const finite = figures.map((f) => f.ratio).filter(Number.isFinite);
  const max = Math.max(2, ...finite);
  const scale = barWidth / max;
  figures.forEach((figure, index) => {
    const y = 44 + index * rowHeight;
    canvas.text(10, y + 6, `${figure.name} ${figure.metric}`.slice(0, 38), 2);
    const width = Number.isFinite(figure.ratio) ? Math.max(2, Math.round(figure.ratio * scale)) : 0;
    canvas.rect(labelWidth, y, width, 24, figure.met ? [70, 160, 90] : [200, 70, 60]);
    canvas.rect(labelWidth + Math.round(scale), y - 4, 2, 32, [90, 90, 90]);
    canvas.text(labelWidth + width + 8, y + 6, `${figure.ratio.toFixed(2)}×`, 2);
  });
  return canvas.png();
}
