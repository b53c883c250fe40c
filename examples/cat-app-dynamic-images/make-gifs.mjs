#!/usr/bin/env node
// Draws the cat app's bundled cats as small animated GIFs (FR-1206: "display cat images
// dynamically") and writes them to <dir>/NN-name.gif, in a copy of the app with FR-1206.patch
// applied (see README.md):
//
//   node make-gifs.mjs --out /tmp/cat-app/static/cats           # (re)write the GIFs
//   node make-gifs.mjs --out /tmp/cat-app/static/cats --check   # fail if they differ
//
// Node 20, no packages: the drawings are the app's SVG cats (same 200x200 coordinates, the same
// path data), rasterised without anti-aliasing onto a 128x128 grid, so each cat has a dozen
// flat colours. The encoder is a minimal GIF89a writer: a global colour table, a NETSCAPE2.0
// loop extension, a graphic control extension per frame (delay, "do not dispose") and a real
// LZW stream. Frame 0 is the whole picture; each later frame is only the rectangle that changed
// (the eyes for a blink), which keeps a cat at a few KB. The output is deterministic.
//
// Every run decodes what it wrote with an independent reader (block walker + LZW decoder +
// compositing) and compares every frame with the picture it was made from.

import { Buffer } from 'node:buffer';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const SIZE = 128; // pixels
const VIEW = 200; // the SVGs' viewBox

// ---------------------------------------------------------------------------------------------
// Shapes, in the SVGs' 200x200 coordinates. A shape is { box: [x0, y0, x1, y1], has(x, y) }.

const CURVE_STEPS = 12;

/** SVG path data (M L H V Q, absolute and relative, Z) as polylines: [{ points, closed }]. */
function parsePath(d) {
  const tokens = d.match(/[a-zA-Z]|-?(?:\d+\.?\d*|\.\d+)/g) ?? [];
  const paths = [];
  let i = 0;
  let cmd = '';
  let x = 0;
  let y = 0;
  let current = null;
  const num = () => {
    const value = Number(tokens[i++]);
    if (Number.isNaN(value)) throw new Error(`bad path data: ${d}`);
    return value;
  };
  const to = (nx, ny) => {
    x = nx;
    y = ny;
    current.points.push([x, y]);
  };
  while (i < tokens.length) {
    if (/^[a-zA-Z]$/.test(tokens[i])) cmd = tokens[i++];
    const rel = cmd === cmd.toLowerCase();
    const ox = rel ? x : 0;
    const oy = rel ? y : 0;
    switch (cmd.toUpperCase()) {
      case 'M': {
        x = ox + num();
        y = oy + num();
        current = { points: [[x, y]], closed: false };
        paths.push(current);
        cmd = rel ? 'l' : 'L'; // further pairs are line-tos
        break;
      }
      case 'L':
        to(ox + num(), oy + num());
        break;
      case 'H':
        to(ox + num(), y);
        break;
      case 'V':
        to(x, oy + num());
        break;
      case 'Q': {
        const [x0, y0] = [x, y];
        const cx = ox + num();
        const cy = oy + num();
        const ex = ox + num();
        const ey = oy + num();
        for (let s = 1; s <= CURVE_STEPS; s++) {
          const t = s / CURVE_STEPS;
          const u = 1 - t;
          to(u * u * x0 + 2 * u * t * cx + t * t * ex, u * u * y0 + 2 * u * t * cy + t * t * ey);
        }
        break;
      }
      case 'Z':
        current.closed = true;
        [x, y] = current.points[0];
        cmd = '';
        break;
      default:
        throw new Error(`unsupported path command ${JSON.stringify(cmd)} in ${d}`);
    }
  }
  return paths;
}

function boxOf(points, pad = 0) {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  return [
    Math.min(...xs) - pad,
    Math.min(...ys) - pad,
    Math.max(...xs) + pad,
    Math.max(...ys) + pad,
  ];
}

/** The closed subpaths of `d`, filled with the even-odd rule. */
function fill(d) {
  const polygons = parsePath(d).map((p) => p.points);
  return {
    box: boxOf(polygons.flat()),
    has(x, y) {
      let inside = false;
      for (const poly of polygons) {
        for (let a = 0, b = poly.length - 1; a < poly.length; b = a++) {
          const [xa, ya] = poly[a];
          const [xb, yb] = poly[b];
          if (ya > y !== yb > y && x < ((xb - xa) * (y - ya)) / (yb - ya) + xa) inside = !inside;
        }
      }
      return inside;
    },
  };
}

function segmentDistance2(x, y, [xa, ya], [xb, yb]) {
  const dx = xb - xa;
  const dy = yb - ya;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - xa) * dx + (y - ya) * dy) / len2));
  const px = xa + t * dx - x;
  const py = ya + t * dy - y;
  return px * px + py * py;
}

/** The outline of `d` drawn `width` wide with round caps and joins. */
function stroke(d, width) {
  const segments = [];
  for (const { points, closed } of parsePath(d)) {
    const pts = closed ? [...points, points[0]] : points;
    for (let k = 1; k < pts.length; k++) segments.push([pts[k - 1], pts[k]]);
    if (pts.length === 1) segments.push([pts[0], pts[0]]);
  }
  const r2 = (width / 2) ** 2;
  return {
    box: boxOf(segments.flat(), width / 2),
    has: (x, y) => segments.some(([a, b]) => segmentDistance2(x, y, a, b) <= r2),
  };
}

function ellipse(cx, cy, rx, ry) {
  return {
    box: [cx - rx, cy - ry, cx + rx, cy + ry],
    has: (x, y) => ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1,
  };
}

const everything = { box: [0, 0, VIEW, VIEW], has: () => true };

/** `shape` only where y >= top. */
function below(shape, top) {
  return { box: shape.box, has: (x, y) => y >= top && shape.has(x, y) };
}

// ---------------------------------------------------------------------------------------------
// The cats. Layers are [shape, colour] pairs, painted in order, like the SVGs' elements.

const BACKGROUND = '#fdf6e3';
const EARS = 'M40 90L46 22l46 36zM160 90l-6-68-46 36z';
const EARS_TWITCH = 'M40 90L33 30l59 28zM160 90l-6-68-46 36z'; // the left ear flicks out
const INNER_EARS = 'M50 70l4-34 24 20zM150 70l-4-34-24 20z';
const INNER_EARS_TWITCH = 'M50 70l-5-28 33 14zM150 70l-4-34-24 20z';
const NOSE = 'M94 124h12l-6 7z';
const MOUTH = 'M100 131q-6 10-14 6M100 131q6 10 14 6';
const WHISKERS = 'M60 126l-30-6M60 132l-30 4M140 126l30-6M140 132l30 4';
const WHISKERS_UP = 'M60 126l-29-11M60 132l-30-1M140 126l29-11M140 132l30-1';
const EYES_AT = [76, 124];
const EYE_Y = 102;

function eye(cx, cat, state, look) {
  const dx = look * 4;
  const lid = cat.lid ?? '#222';
  if (state === 'closed') return [[stroke(`M${cx - 10} ${EYE_Y + 2}q10 8 20 0`, 4), lid]];
  const top = state === 'half' ? EYE_Y - 1 : -Infinity;
  const clip = (shape) => below(shape, top);
  const layers = [
    [clip(ellipse(cx, EYE_Y, 11, 13)), cat.iris],
    [clip(ellipse(cx + dx, EYE_Y, 3.5, 10)), '#111'],
    [clip(ellipse(cx + 3 + dx, EYE_Y - 5, 2.5, 2.5)), '#fff'],
  ];
  if (state === 'half') layers.push([stroke(`M${cx - 11} ${top}h22`, 3), lid]);
  return layers;
}

const Z = [
  ['M150 36h12L150 50h12', 3, '#555'],
  ['M166 24h9L166 34h9', 2.5, '#777'],
  ['M180 13h6L180 20h6', 2, '#999'],
];

/**
 * One frame of one cat. `state`: eyes 'open' | 'half' | 'closed', look -1 | 0 | 1 (pupils left,
 * centre, right), ear (the left ear flicks), whiskers (raised), meow (mouth open), z (0-3 z's),
 * peek (the left eye half opens; sleepy cat).
 */
function draw(cat, state) {
  const s = { eyes: 'open', look: 0, ear: false, whiskers: false, meow: false, z: 0, ...state };
  const layers = [
    [everything, BACKGROUND],
    [fill(s.ear ? EARS_TWITCH : EARS), cat.fur],
    [fill(s.ear ? INNER_EARS_TWITCH : INNER_EARS), cat.innerEar],
    [ellipse(100, 112, 66, 60), cat.fur],
    ...cat.markings,
  ];
  EYES_AT.forEach((cx, n) => {
    const peeking = s.peek && n === 0;
    layers.push(...eye(cx, cat, peeking ? 'half' : s.eyes, s.look));
  });
  layers.push([fill(NOSE), '#e4708a']);
  if (s.meow) layers.push([ellipse(100, 140, 6, 7), '#7a2e3a']);
  layers.push([stroke(MOUTH, 2.5), '#333']);
  layers.push([stroke(s.whiskers ? WHISKERS_UP : WHISKERS, 2), '#444']);
  for (const [d, width, colour] of Z.slice(0, s.z)) layers.push([stroke(d, width), colour]);
  return render(layers);
}

/** '#abc' as '#aabbcc'. */
const longHex = (c) => (c.length === 4 ? `#${[...c.slice(1)].map((h) => h + h).join('')}` : c);

/** Paints layers onto a SIZE x SIZE grid of '#rrggbb' strings, sampling each pixel's centre. */
function render(layers) {
  const pixels = new Array(SIZE * SIZE).fill(longHex(BACKGROUND));
  const scale = VIEW / SIZE;
  for (const [shape, short] of layers) {
    const colour = longHex(short);
    const [x0, y0, x1, y1] = shape.box;
    const px0 = Math.max(0, Math.floor(x0 / scale - 0.5));
    const py0 = Math.max(0, Math.floor(y0 / scale - 0.5));
    const px1 = Math.min(SIZE - 1, Math.ceil(x1 / scale));
    const py1 = Math.min(SIZE - 1, Math.ceil(y1 / scale));
    for (let py = py0; py <= py1; py++) {
      for (let px = px0; px <= px1; px++) {
        if (shape.has((px + 0.5) * scale, (py + 0.5) * scale)) pixels[py * SIZE + px] = colour;
      }
    }
  }
  return pixels;
}

const OPEN = {};
const HALF = { eyes: 'half' };
const SHUT = { eyes: 'closed' };
const BLINK = [
  [HALF, 5],
  [SHUT, 8],
  [HALF, 5],
];

// [state, delay in 1/100 s]; the animation loops forever, back to the first frame.
const CATS = [
  {
    name: '01-ginger',
    fur: '#e8913a',
    innerEar: '#f6c7a1',
    iris: '#3a7d44',
    markings: [[stroke('M88 62q12 10 24 0M80 78q20 8 40 0M92 48l8 10 8-10', 5), '#b85f17']],
    frames: [
      [OPEN, 150],
      ...BLINK,
      [OPEN, 120],
      [{ look: -1 }, 60],
      [{ look: 1 }, 60],
      [OPEN, 80],
      [{ ear: true }, 15],
    ],
  },
  {
    name: '02-tuxedo',
    fur: '#2b2b2b',
    innerEar: '#f2a7b5',
    iris: '#e6c200',
    lid: '#8a8a8a', // a dark line would vanish in black fur
    markings: [
      [fill('M76 146q24 28 48 0q-6 26-24 30q-18-4-24-30z'), '#fafafa'],
      [ellipse(100, 132, 26, 18), '#fafafa'],
    ],
    frames: [
      [OPEN, 120],
      [{ meow: true }, 45],
      [OPEN, 100],
      ...BLINK,
      [OPEN, 90],
      [{ whiskers: true }, 12],
      [OPEN, 12],
      [{ whiskers: true }, 12],
    ],
  },
  {
    name: '03-grey',
    fur: '#8e949c',
    innerEar: '#f0b8c4',
    iris: '#2f80c0',
    markings: [],
    frames: [[OPEN, 100], [{ look: -1 }, 70], [OPEN, 30], [{ look: 1 }, 70], [OPEN, 90], ...BLINK],
  },
  {
    name: '04-calico',
    fur: '#f4efe6',
    innerEar: '#f2a7b5',
    iris: '#b06a00',
    markings: [
      [fill('M52 70q10-30 40-22q-4 26-40 22z'), '#e07b2e'],
      [fill('M150 96q-6 30-34 30q4-26 34-30z'), '#3b3b3b'],
    ],
    frames: [
      [OPEN, 130],
      ...BLINK,
      [OPEN, 20],
      ...BLINK,
      [OPEN, 100],
      [{ ear: true }, 12],
      [OPEN, 12],
      [{ ear: true }, 12],
    ],
  },
  {
    name: '05-siamese',
    fur: '#efe3cf',
    innerEar: '#6b4b3a',
    iris: '#2a8fd6',
    markings: [[ellipse(100, 122, 34, 26), '#6b4b3a']],
    frames: [
      [OPEN, 110],
      [{ look: 1 }, 50],
      [{ look: 1, meow: true }, 40],
      [{ look: 1 }, 30],
      [OPEN, 80],
      ...BLINK,
    ],
  },
  {
    name: '06-sleepy',
    fur: '#c9a27e',
    innerEar: '#f3c1b0',
    iris: '#6a8f3a',
    markings: [],
    frames: [
      [{ eyes: 'closed', z: 0 }, 70],
      [{ eyes: 'closed', z: 1 }, 60],
      [{ eyes: 'closed', z: 2 }, 60],
      [{ eyes: 'closed', z: 3 }, 90],
      [{ eyes: 'closed', z: 0 }, 60],
      [{ eyes: 'closed', peek: true }, 70],
    ],
  },
];

// ---------------------------------------------------------------------------------------------
// The GIF89a writer.

/** GIF LZW: variable-width codes from minCodeSize + 1 up to 12 bits, a clear code when full. */
export function lzwEncode(indices, minCodeSize) {
  const clear = 1 << minCodeSize;
  const end = clear + 1;
  const out = [];
  let acc = 0;
  let bits = 0;
  let size = minCodeSize + 1;
  const write = (code) => {
    acc |= code << bits;
    bits += size;
    while (bits >= 8) {
      out.push(acc & 0xff);
      acc >>>= 8;
      bits -= 8;
    }
  };
  let dict = new Map();
  let next = end + 1;
  write(clear);
  let prefix = indices[0];
  for (let i = 1; i < indices.length; i++) {
    const k = indices[i];
    const key = (prefix << 8) | k;
    const known = dict.get(key);
    if (known !== undefined) {
      prefix = known;
      continue;
    }
    write(prefix);
    if (next < 4096) {
      dict.set(key, next);
      // The decoder adds this entry one code later, then widens when its next code needs it.
      if (next === 1 << size) size++;
      next++;
    } else {
      write(clear);
      dict = new Map();
      next = end + 1;
      size = minCodeSize + 1;
    }
    prefix = k;
  }
  write(prefix);
  write(end);
  if (bits > 0) out.push(acc & 0xff);
  return out;
}

function subBlocks(bytes) {
  const out = [];
  for (let i = 0; i < bytes.length; i += 255) {
    const chunk = bytes.slice(i, i + 255);
    out.push(chunk.length, ...chunk);
  }
  out.push(0);
  return out;
}

const u16 = (n) => [n & 0xff, (n >> 8) & 0xff];

/** frames: [{ pixels: colour strings, delay }]; returns the GIF's bytes. */
export function encodeGif(frames, width, height) {
  const palette = [];
  const indexOf = new Map();
  for (const { pixels } of frames) {
    for (const colour of pixels) {
      if (!indexOf.has(colour)) {
        indexOf.set(colour, palette.length);
        palette.push(colour);
      }
    }
  }
  if (palette.length > 256) throw new Error(`${palette.length} colours, a GIF holds 256`);
  const depth = Math.max(1, Math.ceil(Math.log2(palette.length)));
  const minCodeSize = Math.max(2, depth);
  const bytes = [...Buffer.from('GIF89a', 'ascii'), ...u16(width), ...u16(height)];
  bytes.push(0x80 | ((depth - 1) << 4) | (depth - 1), 0, 0); // global table, bg 0, aspect 0
  for (let i = 0; i < 1 << depth; i++) {
    const hex = palette[i] ?? '#000000';
    bytes.push(...[1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16)));
  }
  // NETSCAPE2.0: loop forever.
  bytes.push(0x21, 0xff, 0x0b, ...Buffer.from('NETSCAPE2.0', 'ascii'), 0x03, 0x01, 0, 0, 0);
  let previous = null;
  for (const { pixels, delay } of frames) {
    const indices = pixels.map((c) => indexOf.get(c));
    let [x0, y0, x1, y1] = [0, 0, width - 1, height - 1];
    if (previous) {
      [x0, y0, x1, y1] = [width, height, -1, -1];
      for (let p = 0; p < indices.length; p++) {
        if (indices[p] === previous[p]) continue;
        const x = p % width;
        const y = Math.floor(p / width);
        [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
      }
      if (x1 < 0) [x0, y0, x1, y1] = [0, 0, 0, 0]; // identical frame: one unchanged pixel
    }
    const w = x1 - x0 + 1;
    const h = y1 - y0 + 1;
    const rect = [];
    for (let y = y0; y <= y1; y++) rect.push(...indices.slice(y * width + x0, y * width + x1 + 1));
    // Graphic control extension: disposal 1 (leave the frame in place), no transparency.
    bytes.push(0x21, 0xf9, 0x04, 1 << 2, ...u16(delay), 0, 0);
    bytes.push(0x2c, ...u16(x0), ...u16(y0), ...u16(w), ...u16(h), 0);
    bytes.push(minCodeSize, ...subBlocks(lzwEncode(rect, minCodeSize)));
    previous = indices;
  }
  bytes.push(0x3b);
  return Buffer.from(bytes);
}

// ---------------------------------------------------------------------------------------------
// The self-test: an independent reader for what the writer produced.

function lzwDecode(data, minCodeSize, count) {
  const clear = 1 << minCodeSize;
  const end = clear + 1;
  let size = 0;
  let next = 0;
  let table = [];
  const reset = () => {
    size = minCodeSize + 1;
    next = end + 1;
    table = Array.from({ length: clear }, (_, i) => [i]);
  };
  reset();
  let bit = 0;
  const read = () => {
    let code = 0;
    for (let b = 0; b < size; b++, bit++) {
      if (bit >> 3 >= data.length) throw new Error('LZW data ends without an end code');
      code |= ((data[bit >> 3] >> (bit & 7)) & 1) << b;
    }
    return code;
  };
  const out = [];
  let prev = null;
  for (;;) {
    const code = read();
    if (code === clear) {
      reset();
      prev = null;
      continue;
    }
    if (code === end) break;
    let entry = table[code];
    if (entry === undefined && code === next && prev) entry = [...prev, prev[0]];
    if (entry === undefined) throw new Error(`LZW code ${code} is not in the table`);
    out.push(...entry);
    if (prev && next < 4096) {
      table[next++] = [...prev, entry[0]];
      if (next === 1 << size && size < 12) size++;
    }
    prev = entry;
  }
  if (out.length !== count) throw new Error(`LZW gave ${out.length} pixels, want ${count}`);
  return out;
}

/** Parses a GIF89a and composites its frames: { width, height, loops, frames: [{ rgb, delay }] }. */
export function decodeGif(gif) {
  let at = 0;
  const byte = () => {
    if (at >= gif.length) throw new Error('GIF ends early');
    return gif[at++];
  };
  const word = () => byte() | (byte() << 8);
  const blocks = () => {
    const out = [];
    for (let n = byte(); n !== 0; n = byte()) for (let i = 0; i < n; i++) out.push(byte());
    return out;
  };
  if (gif.subarray(0, 6).toString('ascii') !== 'GIF89a') throw new Error('not GIF89a');
  at = 6;
  const width = word();
  const height = word();
  const packed = byte();
  at += 2;
  if (!(packed & 0x80)) throw new Error('no global colour table');
  const colours = 1 << ((packed & 7) + 1);
  const table = [];
  for (let i = 0; i < colours; i++) table.push([byte(), byte(), byte()]);
  const canvas = new Array(width * height).fill(null);
  const frames = [];
  let loops = null;
  let delay = 0;
  let disposal = 0;
  for (;;) {
    const block = byte();
    if (block === 0x3b) break;
    if (block === 0x21) {
      const label = byte();
      const data = blocks();
      if (label === 0xf9) {
        disposal = (data[0] >> 2) & 7;
        delay = data[1] | (data[2] << 8);
      } else if (label === 0xff && Buffer.from(data.slice(0, 11)).toString() === 'NETSCAPE2.0') {
        loops = data[13] | (data[14] << 8);
      }
    } else if (block === 0x2c) {
      const [x, y, w, h, flags] = [word(), word(), word(), word(), byte()];
      if (flags & 0x80) throw new Error('unexpected local colour table');
      if (x + w > width || y + h > height) throw new Error('frame outside the screen');
      const minCodeSize = byte();
      const indices = lzwDecode(blocks(), minCodeSize, w * h);
      for (let row = 0; row < h; row++) {
        for (let col = 0; col < w; col++) {
          const index = indices[row * w + col];
          if (index >= colours) throw new Error(`colour ${index} outside the table`);
          canvas[(y + row) * width + x + col] = table[index];
        }
      }
      if (disposal !== 1) throw new Error(`frame ${frames.length}: disposal ${disposal}, want 1`);
      frames.push({ rgb: canvas.map((c) => c && `#${c.map(hex2).join('')}`), delay });
    } else {
      throw new Error(`unknown block 0x${block.toString(16)} at ${at - 1}`);
    }
  }
  if (at !== gif.length) throw new Error(`${gif.length - at} bytes after the trailer`);
  return { width, height, loops, frames };
}

const hex2 = (n) => n.toString(16).padStart(2, '0');

// ---------------------------------------------------------------------------------------------

function build(cat) {
  const frames = cat.frames.map(([state, delay]) => ({ pixels: draw(cat, state), delay }));
  frames.forEach((frame, n) => {
    const before = frames[n - 1];
    if (before && before.pixels.every((c, p) => c === frame.pixels[p])) {
      throw new Error(`${cat.name}: frame ${n} is the same as frame ${n - 1}`);
    }
  });
  const gif = encodeGif(frames, SIZE, SIZE);
  const decoded = decodeGif(gif);
  if (decoded.width !== SIZE || decoded.height !== SIZE) throw new Error(`${cat.name}: size`);
  if (decoded.loops !== 0) throw new Error(`${cat.name}: does not loop forever`);
  if (decoded.frames.length !== frames.length) throw new Error(`${cat.name}: frame count`);
  decoded.frames.forEach(({ rgb, delay }, n) => {
    const want = frames[n];
    if (delay !== want.delay) throw new Error(`${cat.name}: frame ${n} delay ${delay}`);
    const bad = rgb.findIndex((c, p) => c !== want.pixels[p]);
    if (bad >= 0) throw new Error(`${cat.name}: frame ${n} differs at pixel ${bad}`);
  });
  return { gif, frames: frames.length };
}

function main(args) {
  const check = args.includes('--check');
  const out = args.indexOf('--out');
  if (out < 0 || args[out + 1] === undefined) {
    console.error('make-gifs.mjs: say where the GIFs go: --out <app copy>/static/cats');
    process.exitCode = 2;
    return;
  }
  const OUT_DIR = args[out + 1];
  let stale = 0;
  if (!check) mkdirSync(OUT_DIR, { recursive: true });
  for (const cat of CATS) {
    const { gif, frames } = build(cat);
    const file = join(OUT_DIR, `${cat.name}.gif`);
    const same = existsSync(file) && readFileSync(file).equals(gif);
    if (check) {
      if (!same) stale++;
    } else if (!same) {
      writeFileSync(file, gif);
    }
    const note = check ? (same ? 'up to date' : 'DIFFERS') : same ? 'unchanged' : 'written';
    console.log(`${cat.name}.gif  ${SIZE}x${SIZE}  ${frames} frames  ${gif.length} bytes  ${note}`);
  }
  if (stale > 0) {
    console.error(`${stale} GIF(s) differ from what make-gifs.mjs draws; run it without --check`);
    process.exitCode = 1;
  }
}

main(process.argv.slice(2));
