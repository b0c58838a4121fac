/**
 * The objects of the demo photographs, drawn in the 1600x1200 canvas of
 * `photo.scene.ts`, standing on its table (y ≈ 900). Each takes the listing's
 * palette, so the same object comes in different colours.
 */
import { type Drawing, FLOOR_Y, type Palette } from './photo.scene.js';

/** The things the demo listings show. */
export type Subject =
  | 'camera'
  | 'watch'
  | 'painting'
  | 'coin'
  | 'sideboard'
  | 'keyboard'
  | 'sneakers'
  | 'film'
  | 'lenscap'
  | 'strap'
  | 'record'
  | 'book';

const lin = (id: string, stops: [number, string][], x2 = 0, y2 = 1) =>
  `<linearGradient id="${id}" x1="0" y1="0" x2="${x2}" y2="${y2}">${stops.map(([o, c]) => `<stop offset="${o}" stop-color="${c}"/>`).join('')}</linearGradient>`;
const rad = (id: string, stops: [number, string][], cx = 0.4, cy = 0.35) =>
  `<radialGradient id="${id}" cx="${cx}" cy="${cy}" r="0.7">${stops.map(([o, c]) => `<stop offset="${o}" stop-color="${c}"/>`).join('')}</radialGradient>`;
const CHROME: [number, string][] = [[0, '#f4f5f6'], [0.45, '#b9bdc2'], [0.55, '#8d9297'], [1, '#e2e4e6']];
const BRASS: [number, string][] = [[0, '#f3dd9a'], [0.5, '#c49a3c'], [1, '#7d5c1c']];

/** Ticks around a circle (dials, knurling). */
function ticks(cx: number, cy: number, r1: number, r2: number, n: number, stroke: string, width: number): string {
  let out = '';
  for (let i = 0; i < n; i++) {
    const a = (i / n) * Math.PI * 2;
    const [c, s] = [Math.cos(a), Math.sin(a)];
    out += `<line x1="${(cx + c * r1).toFixed(1)}" y1="${(cy + s * r1).toFixed(1)}" x2="${(cx + c * r2).toFixed(1)}" y2="${(cy + s * r2).toFixed(1)}"/>`;
  }
  return `<g stroke="${stroke}" stroke-width="${width}" stroke-linecap="round">${out}</g>`;
}

function camera(p: Palette): Drawing {
  const defs = lin('chrome', CHROME) + lin('leather', [[0, '#3a3a3a'], [1, '#111']]) + rad('glass', [[0, '#9fc3ff'], [0.3, '#2c3b66'], [1, '#05070d']]) + lin('barrel', CHROME, 1, 0);
  const body = `
  <rect x="420" y="430" width="760" height="420" rx="46" fill="url(#leather)"/>
  <rect x="420" y="430" width="760" height="150" rx="46" fill="url(#chrome)"/>
  <rect x="420" y="700" width="760" height="150" rx="46" fill="url(#chrome)" opacity="0.9"/>
  <rect x="420" y="580" width="760" height="150" fill="${p.main}" opacity="0.35"/>
  <rect x="470" y="470" width="120" height="70" rx="10" fill="#1d2533" stroke="#555" stroke-width="4"/>
  <rect x="660" y="480" width="150" height="56" rx="8" fill="#e8eef5" opacity="0.85" stroke="#666" stroke-width="4"/>
  <rect x="1010" y="470" width="120" height="70" rx="10" fill="#1d2533" stroke="#555" stroke-width="4"/>
  <rect x="1000" y="380" width="110" height="56" rx="12" fill="url(#chrome)"/>${ticks(1055, 408, 34, 46, 24, '#555', 3)}
  <rect x="520" y="395" width="80" height="40" rx="8" fill="url(#chrome)"/>
  <circle cx="800" cy="660" r="205" fill="url(#barrel)" stroke="#6b6f74" stroke-width="6"/>${ticks(800, 660, 175, 200, 90, '#40444a', 4)}
  <circle cx="800" cy="660" r="160" fill="#1b1c1f"/>
  <circle cx="800" cy="660" r="128" fill="url(#glass)"/>
  <ellipse cx="760" cy="615" rx="44" ry="26" fill="#fff" opacity="0.45" transform="rotate(-30 760 615)"/>
  <circle cx="850" cy="710" r="14" fill="#fff" opacity="0.2"/>
  <rect x="395" y="500" width="30" height="60" rx="8" fill="url(#chrome)"/><rect x="1175" y="500" width="30" height="60" rx="8" fill="url(#chrome)"/>`;
  return { defs, body, shadow: { cx: 800, cy: FLOOR_Y - 30, rx: 470, ry: 60 }, focus: { x: 800, y: 640 } };
}

function watch(p: Palette): Drawing {
  const defs = lin('case', CHROME, 1, 1) + rad('dial', [[0, p.main], [1, '#0b0d10']], 0.45, 0.4) + lin('strap', [[0, p.accent], [1, '#1a1a1a']], 1, 0) + lin('bezel', [[0, '#222'], [1, '#000']]);
  const strap = (y: number, h: number) => `<rect x="690" y="${y}" width="220" height="${h}" rx="30" fill="url(#strap)"/><rect x="706" y="${y + 10}" width="188" height="${h - 20}" rx="24" fill="none" stroke="#fff" stroke-opacity="0.35" stroke-width="3" stroke-dasharray="12 10"/>`;
  const hour = Array.from({ length: 12 }, (_, i) => {
    const a = (i / 12) * Math.PI * 2;
    return `<rect x="-9" y="-150" width="18" height="${i % 3 === 0 ? 46 : 30}" rx="4" fill="#f4f1e6" transform="translate(800 560) rotate(${(a * 180) / Math.PI})"/>`;
  }).join('');
  const body = `
  ${strap(120, 300)}${strap(700, 200)}
  <circle cx="800" cy="560" r="250" fill="url(#case)"/>
  <rect x="1035" y="535" width="50" height="50" rx="10" fill="url(#case)"/>
  <circle cx="800" cy="560" r="225" fill="url(#bezel)"/>${ticks(800, 560, 196, 218, 60, '#d9d4c5', 3)}
  <circle cx="800" cy="560" r="185" fill="url(#dial)"/>${hour}
  <rect x="792" y="430" width="16" height="140" rx="8" fill="#f1efe6" transform="rotate(-50 800 560)"/>
  <rect x="794" y="395" width="12" height="175" rx="6" fill="#f1efe6" transform="rotate(65 800 560)"/>
  <rect x="798" y="380" width="4" height="200" fill="${p.accent}" transform="rotate(160 800 560)"/>
  <circle cx="800" cy="560" r="14" fill="#ddd"/>
  <path d="M620 420 A250 250 0 0 1 900 330" stroke="#fff" stroke-opacity="0.35" stroke-width="18" fill="none"/>`;
  return { defs, body, shadow: { cx: 800, cy: FLOOR_Y - 20, rx: 330, ry: 50 }, focus: { x: 800, y: 560 } };
}

function painting(p: Palette): Drawing {
  const defs = lin('frame', BRASS, 1, 1) + lin('sky', [[0, p.accent], [1, '#f7e7c6']]) + lin('hill', [[0, p.main], [1, '#1d2a22']]);
  const body = `
  <rect x="430" y="150" width="740" height="640" fill="#000" opacity="0.25" transform="translate(22 26)"/>
  <rect x="430" y="150" width="740" height="640" fill="url(#frame)"/>
  <rect x="470" y="190" width="660" height="560" fill="#f5f1e8"/>
  <rect x="530" y="250" width="540" height="440" fill="url(#sky)"/>
  <circle cx="900" cy="380" r="70" fill="#fff6d6" opacity="0.9"/>
  <path d="M530 560 C640 470 720 520 800 480 C900 430 980 520 1070 470 L1070 690 L530 690 Z" fill="url(#hill)" opacity="0.85"/>
  <path d="M530 620 C650 560 760 640 880 590 C960 560 1020 600 1070 580 L1070 690 L530 690 Z" fill="${p.main}"/>
  <path d="M640 600 l20 -70 l20 70 z M700 610 l14 -50 l14 50 z" fill="#233"/>
  <rect x="470" y="190" width="660" height="560" fill="none" stroke="#000" stroke-opacity="0.15" stroke-width="6"/>
  <path d="M1050 730 c10 -10 20 -4 30 -12" stroke="#555" stroke-width="3" fill="none"/>`;
  return { defs, body, shadow: { cx: 800, cy: FLOOR_Y + 10, rx: 420, ry: 24 }, focus: { x: 860, y: 420 } };
}

function coin(p: Palette): Drawing {
  const defs = rad('copper', [[0, '#f6c08a'], [0.55, '#b8693a'], [1, '#5e2b12']]) + rad('velvet', [[0, p.main], [1, '#0c0c10']], 0.5, 0.5);
  const body = `
  <rect x="420" y="240" width="760" height="620" rx="30" fill="url(#velvet)"/>
  <rect x="450" y="270" width="700" height="560" rx="22" fill="none" stroke="#000" stroke-opacity="0.35" stroke-width="8"/>
  <circle cx="800" cy="550" r="240" fill="#3a1a0a" opacity="0.5" transform="translate(10 16)"/>
  <circle cx="800" cy="550" r="240" fill="url(#copper)"/>${ticks(800, 550, 222, 236, 120, '#6e3516', 3)}
  <circle cx="800" cy="550" r="205" fill="none" stroke="#7a3a18" stroke-width="6" opacity="0.7"/>
  <path d="M720 700 C700 620 700 520 740 460 C770 410 840 400 870 440 C890 470 880 500 900 520 C880 530 885 550 880 570 C870 600 860 620 840 640 L850 700 Z" fill="#9a5028" opacity="0.8"/>
  <path d="M740 470 C770 430 830 425 860 450" stroke="#f8d3a8" stroke-width="6" fill="none" opacity="0.6"/>
  ${Array.from({ length: 9 }, (_, i) => `<circle cx="${800 + 170 * Math.cos(Math.PI * (1.1 + i * 0.1))}" cy="${550 + 170 * Math.sin(Math.PI * (1.1 + i * 0.1))}" r="9" fill="#6e3516"/>`).join('')}
  <ellipse cx="720" cy="440" rx="70" ry="34" fill="#fff" opacity="0.25" transform="rotate(-35 720 440)"/>`;
  return { defs, body, shadow: { cx: 800, cy: FLOOR_Y - 30, rx: 440, ry: 50 }, focus: { x: 810, y: 540 } };
}

function sideboard(p: Palette): Drawing {
  const defs = lin('teak', [[0, '#b9773f'], [0.5, p.main], [1, '#6b3b18']], 1, 0.2) + lin('top', [[0, '#d08c50'], [1, '#8a4c22']]);
  const grain = Array.from({ length: 14 }, (_, i) => `<path d="M${330 + i * 68} 420 q20 150 -6 300" stroke="#3b1e0b" stroke-opacity="0.18" stroke-width="3" fill="none"/>`).join('');
  const door = (x: number) => `<rect x="${x}" y="430" width="225" height="290" rx="6" fill="url(#teak)" stroke="#3b1e0b" stroke-opacity="0.45" stroke-width="4"/><rect x="${x + 95}" y="560" width="36" height="12" rx="6" fill="#d9b25a"/>`;
  const body = `
  <path d="M380 840 l30 -130 h24 l-20 130 z M1220 840 l-30 -130 h-24 l20 130 z M520 800 l14 -90 h18 l-10 90 z M1080 800 l-14 -90 h-18 l10 90 z" fill="#4a2810"/>
  <rect x="320" y="380" width="960" height="40" rx="8" fill="url(#top)"/>
  <rect x="330" y="420" width="940" height="310" fill="url(#teak)"/>${grain}
  ${door(345)}${door(580)}${door(815)}${door(1050).replace('width="225"', 'width="205"')}
  <rect x="330" y="720" width="940" height="14" fill="#000" opacity="0.25"/>
  <path d="M380 380 h840" stroke="#fff" stroke-opacity="0.35" stroke-width="4"/>`;
  return { defs, body, shadow: { cx: 800, cy: FLOOR_Y - 40, rx: 560, ry: 50 }, focus: { x: 690, y: 560 } };
}

function keyboard(p: Palette): Drawing {
  const defs = lin('case', [[0, '#3b3f45'], [1, '#16181b']]) + lin('cap', [[0, '#f3f3f0'], [1, '#c9c9c3']]) + lin('accentCap', [[0, p.accent], [1, p.main]]);
  let keys = '';
  for (let row = 0; row < 5; row++) {
    for (let col = 0; col < 14; col++) {
      const accent = (row === 0 && col === 0) || (row === 4 && col > 10) || (row === 2 && col === 13);
      const x = 330 + col * 68 + row * 8;
      keys += `<rect x="${x}" y="${470 + row * 70}" width="60" height="60" rx="10" fill="url(#${accent ? 'accentCap' : 'cap'})"/><rect x="${x + 6}" y="${474 + row * 70}" width="48" height="42" rx="8" fill="#fff" opacity="0.35"/>`;
    }
  }
  const body = `
  <g transform="translate(800 640) skewX(-8) translate(-800 -640)">
  <rect x="300" y="440" width="1010" height="390" rx="34" fill="url(#case)"/>
  <rect x="312" y="450" width="986" height="370" rx="28" fill="none" stroke="#fff" stroke-opacity="0.12" stroke-width="4"/>
  ${keys}
  <rect x="500" y="750" width="470" height="50" rx="10" fill="url(#cap)"/>
  </g>`;
  return { defs, body, shadow: { cx: 800, cy: FLOOR_Y - 40, rx: 560, ry: 55 }, focus: { x: 560, y: 560 } };
}

function sneakers(p: Palette): Drawing {
  const defs = lin('upper', [[0, '#fbfbf8'], [1, '#d6d6cf']]) + lin('stripe', [[0, p.accent], [1, p.main]], 1, 0) + lin('sole', [[0, '#f0ebe0'], [1, '#b9b0a0']]);
  const shoe = (dx: number, dy: number, s: number) => `<g transform="translate(${dx} ${dy}) scale(${s})">
    <path d="M300 780 C300 650 360 560 470 540 L600 520 C660 470 720 460 760 470 L780 560 C880 600 1040 640 1130 700 C1180 730 1190 780 1160 800 L320 810 Z" fill="url(#upper)" stroke="#9b988f" stroke-width="4"/>
    <path d="M300 790 L1170 790 C1180 820 1160 850 1120 850 L330 850 C300 850 290 820 300 790 Z" fill="url(#sole)"/>
    <path d="M470 720 C600 700 760 620 900 560 C860 640 760 720 560 770 Z" fill="url(#stripe)"/>
    <path d="M610 520 L820 610 M640 505 L840 590 M670 495 L860 575" stroke="#fff" stroke-width="10" stroke-linecap="round"/>
    <path d="M610 520 L820 610 M640 505 L840 590 M670 495 L860 575" stroke="${p.main}" stroke-width="3" opacity="0.5"/>
    <path d="M300 700 C320 620 360 580 420 560" stroke="${p.accent}" stroke-width="24" fill="none" opacity="0.9"/>
  </g>`;
  const body = shoe(160, -10, 0.78) + shoe(110, 120, 0.95);
  return { defs, body, shadow: { cx: 800, cy: FLOOR_Y - 25, rx: 560, ry: 55 }, focus: { x: 820, y: 720 } };
}

function film(p: Palette): Drawing {
  const defs = lin('box', [[0, p.accent], [1, p.main]], 1, 1) + lin('can', CHROME, 1, 0) + lin('label', [[0, '#f6c54a'], [1, '#d9860f']], 1, 0);
  const can = (x: number) => `<rect x="${x}" y="520" width="150" height="300" rx="18" fill="url(#can)"/><rect x="${x}" y="570" width="150" height="200" fill="url(#label)"/><rect x="${x + 55}" y="495" width="40" height="30" rx="6" fill="url(#can)"/><rect x="${x + 10}" y="600" width="130" height="16" fill="#222" opacity="0.6"/>`;
  const body = `
  <path d="M420 360 L1040 360 L1120 420 L500 420 Z" fill="${p.main}" opacity="0.8"/>
  <rect x="420" y="420" width="620" height="420" fill="url(#box)"/>
  <path d="M1040 360 L1120 420 L1120 840 L1040 840 Z" fill="#000" opacity="0.25"/>
  <rect x="460" y="470" width="540" height="60" fill="#fff" opacity="0.85"/>
  <rect x="460" y="560" width="540" height="16" fill="#fff" opacity="0.5"/>
  ${can(1150)}${can(1320)}`;
  return { defs, body, shadow: { cx: 900, cy: FLOOR_Y - 40, rx: 620, ry: 50 }, focus: { x: 1250, y: 660 } };
}

function lenscap(p: Palette): Drawing {
  const defs = rad('cap', [[0, '#3a3d42'], [0.8, '#131416'], [1, '#050505']]) + lin('rim', CHROME, 1, 1);
  const body = `
  <ellipse cx="800" cy="760" rx="330" ry="110" fill="url(#rim)"/>
  <ellipse cx="800" cy="720" rx="330" ry="110" fill="#0e0f11"/>${ticks(800, 720, 300, 328, 140, '#555', 4).replace('<g ', '<g transform="translate(800 720) scale(1 0.333) translate(-800 -720)" ')}
  <ellipse cx="800" cy="715" rx="285" ry="92" fill="url(#cap)"/>
  <ellipse cx="800" cy="712" rx="180" ry="58" fill="none" stroke="${p.accent}" stroke-opacity="0.7" stroke-width="8"/>
  <ellipse cx="700" cy="680" rx="120" ry="22" fill="#fff" opacity="0.15"/>`;
  return { defs, body, shadow: { cx: 800, cy: FLOOR_Y - 60, rx: 420, ry: 70 }, focus: { x: 800, y: 720 } };
}

function strap(p: Palette): Drawing {
  const defs = lin('band', [[0, p.main], [0.35, p.main], [0.36, p.accent], [0.64, p.accent], [0.65, p.main], [1, p.main]]) + lin('steel', CHROME, 1, 1);
  const body = `
  <path d="M240 700 C420 560 640 520 800 560 C980 600 1160 560 1360 420" stroke="url(#band)" stroke-width="130" fill="none" stroke-linecap="round"/>
  <path d="M240 700 C420 560 640 520 800 560 C980 600 1160 560 1360 420" stroke="#fff" stroke-opacity="0.25" stroke-width="120" stroke-dasharray="4 26" fill="none"/>
  <rect x="470" y="500" width="120" height="170" rx="18" fill="none" stroke="url(#steel)" stroke-width="22" transform="rotate(-20 530 585)"/>
  <rect x="1000" y="480" width="40" height="170" rx="12" fill="url(#steel)" transform="rotate(-25 1020 565)"/>
  <rect x="1100" y="440" width="40" height="170" rx="12" fill="url(#steel)" transform="rotate(-30 1120 525)"/>`;
  return { defs, body, shadow: { cx: 800, cy: FLOOR_Y - 70, rx: 620, ry: 60 }, focus: { x: 560, y: 590 } };
}

function record(p: Palette): Drawing {
  const defs = lin('sleeve', [[0, p.main], [1, p.accent]], 1, 1) + rad('vinyl', [[0, '#2a2a2e'], [0.7, '#111114'], [1, '#050506']], 0.45, 0.4);
  const grooves = Array.from({ length: 12 }, (_, i) => `<circle cx="930" cy="540" r="${120 + i * 20}" fill="none" stroke="#fff" stroke-opacity="0.06" stroke-width="2"/>`).join('');
  const body = `
  <circle cx="930" cy="540" r="330" fill="url(#vinyl)"/>${grooves}
  <circle cx="930" cy="540" r="100" fill="${p.accent}"/>
  <circle cx="930" cy="540" r="12" fill="#111"/>
  <path d="M760 330 A300 300 0 0 1 1010 260" stroke="#fff" stroke-opacity="0.18" stroke-width="26" fill="none"/>
  <rect x="330" y="200" width="620" height="620" fill="url(#sleeve)"/>
  <rect x="330" y="200" width="620" height="620" fill="none" stroke="#000" stroke-opacity="0.2" stroke-width="6"/>
  <circle cx="560" cy="430" r="120" fill="#fff" opacity="0.18"/>
  <rect x="390" y="700" width="380" height="34" fill="#fff" opacity="0.8"/><rect x="390" y="750" width="240" height="20" fill="#fff" opacity="0.5"/>`;
  return { defs, body, shadow: { cx: 760, cy: FLOOR_Y - 40, rx: 560, ry: 50 }, focus: { x: 930, y: 540 } };
}

function book(p: Palette): Drawing {
  const defs = lin('cover', [[0, p.main], [1, '#1b1410']], 1, 0) + lin('pages', [[0, '#f6efdc'], [1, '#d8ccae']]) + lin('gilt', BRASS, 1, 0);
  const lying = (y: number, w: number, h: number, dx: number, fill: string) => `
  <rect x="${800 - w / 2 + dx}" y="${y}" width="${w}" height="${h}" rx="8" fill="${fill}"/>
  <rect x="${800 - w / 2 + dx + 14}" y="${y + 10}" width="${w - 28}" height="${h - 20}" fill="url(#pages)"/>
  <rect x="${800 - w / 2 + dx}" y="${y}" width="40" height="${h}" rx="8" fill="${fill}"/>`;
  const body = `
  ${lying(760, 640, 90, -20, 'url(#cover)')}${lying(680, 600, 80, 30, p.accent)}${lying(610, 560, 70, -10, 'url(#cover)')}
  <path d="M560 600 L600 300 L1040 300 L1000 600 Z" fill="url(#cover)"/>
  <path d="M600 300 L1040 300 L1030 330 L595 330 Z" fill="url(#pages)"/>
  <rect x="700" y="400" width="220" height="80" fill="none" stroke="url(#gilt)" stroke-width="6" transform="skewX(-8)"/>
  <rect x="740" y="430" width="140" height="16" fill="url(#gilt)" transform="skewX(-8)"/>`;
  return { defs, body, shadow: { cx: 800, cy: FLOOR_Y - 30, rx: 420, ry: 50 }, focus: { x: 820, y: 440 } };
}

/** Hues an object usually comes in (leather, metal, wood, paint). */
export const SUBJECT_HUES: Record<Subject, number[]> = {
  camera: [20, 200, 350, 140],
  watch: [210, 150, 30, 0],
  painting: [200, 30, 120, 280],
  coin: [350, 220, 140],
  sideboard: [24, 30, 18],
  keyboard: [200, 10, 280, 90],
  sneakers: [0, 210, 120, 40],
  film: [40, 10, 200],
  lenscap: [0, 200],
  strap: [220, 0, 120, 30],
  record: [0, 200, 45, 280, 150],
  book: [0, 20, 140, 220],
};

/** Draws a subject in a palette. */
export function draw(subject: Subject, p: Palette): Drawing {
  switch (subject) {
    case 'camera':
      return camera(p);
    case 'watch':
      return watch(p);
    case 'painting':
      return painting(p);
    case 'coin':
      return coin(p);
    case 'sideboard':
      return sideboard(p);
    case 'keyboard':
      return keyboard(p);
    case 'sneakers':
      return sneakers(p);
    case 'film':
      return film(p);
    case 'lenscap':
      return lenscap(p);
    case 'strap':
      return strap(p);
    case 'record':
      return record(p);
    case 'book':
      return book(p);
    default: {
      const never: never = subject;
      return never;
    }
  }
}
