/**
 * What the demo sells, per kind of item: word lists from which titles, an opening
 * sentence and 3 to 8 specifications are drawn, the category, the photo subject,
 * how bulky it is to ship and a price range (whole units of the listing's currency).
 */
import type { ItemCondition, Specification } from '../shared/api/auctions.js';
import type { Subject } from './demo-photos.js';
import type { Bulk } from './demo-places.js';
import type { Rng } from './demo-random.js';

/** One generated item, before it becomes a listing. */
export interface DemoItem {
  title: string;
  opening: string;
  specs: Specification[];
  /** A leaf (or inner) category of the demo tree. */
  categoryId: string;
}

/** A kind of item the demo sells. */
export interface Line {
  key: string;
  subject: Subject;
  bulk: Bulk;
  price: [number, number];
  conditions: ItemCondition[];
  make(r: Rng): DemoItem;
}

const spec = (name: string, value: string | number): Specification => ({ name, value: String(value) });
const USED: ItemCondition[] = ['used_good', 'used_good', 'used_fair', 'like_new', 'for_parts'];
const COLLECTIBLE: ItemCondition[] = ['used_good', 'like_new', 'used_fair', 'new'];

const CAMERAS = [
  { brand: 'Leica', model: 'M3', kind: 'rangefinder', cat: 'rangefinders', years: [1954, 1966], lens: 'Summicron 50mm f/2' },
  { brand: 'Leica', model: 'M6', kind: 'rangefinder', cat: 'rangefinders', years: [1984, 1998], lens: 'Summilux 35mm f/1.4' },
  { brand: 'Contax', model: 'G2', kind: 'rangefinder', cat: 'rangefinders', years: [1994, 2005], lens: 'Planar 45mm f/2' },
  { brand: 'Voigtländer', model: 'Bessa R2', kind: 'rangefinder', cat: 'rangefinders', years: [2002, 2010], lens: 'Color-Skopar 35mm f/2.5' },
  { brand: 'Nikon', model: 'F3', kind: 'SLR', cat: 'slr-cameras', years: [1980, 2001], lens: 'Nikkor 50mm f/1.4' },
  { brand: 'Canon', model: 'AE-1 Program', kind: 'SLR', cat: 'slr-cameras', years: [1981, 1987], lens: 'FD 50mm f/1.8' },
  { brand: 'Pentax', model: 'K1000', kind: 'SLR', cat: 'slr-cameras', years: [1976, 1997], lens: 'SMC 50mm f/2' },
  { brand: 'Olympus', model: 'OM-1', kind: 'SLR', cat: 'slr-cameras', years: [1972, 1979], lens: 'Zuiko 50mm f/1.8' },
  { brand: 'Olympus', model: 'mju II', kind: 'compact', cat: 'film-cameras', years: [1997, 2003], lens: '35mm f/2.8' },
  { brand: 'Yashica', model: 'T4', kind: 'compact', cat: 'film-cameras', years: [1990, 1999], lens: 'Tessar 35mm f/3.5' },
] as const;

const cameras: Line = {
  key: 'camera',
  subject: 'camera',
  bulk: 'parcel',
  price: [120, 2_900],
  conditions: USED,
  make(r) {
    const c = r.pick(CAMERAS);
    const year = r.int(c.years[0], c.years[1]);
    const finish = r.pick(['chrome', 'black paint', 'black chrome']);
    const withLens = r.chance(0.7);
    const serviced = r.pick(['serviced in 2024', 'freshly CLA’d', 'light seals replaced', 'original, never opened']);
    return {
      title: `${c.brand} ${c.model} ${c.kind}, ${year}${withLens ? `, with ${c.brand === 'Leica' ? c.lens : `${c.brand} ${c.lens}`}` : ', body only'}`,
      opening: `A ${finish} ${c.brand} ${c.model} from ${year}, ${serviced}.`,
      categoryId: c.cat,
      specs: [
        spec('Brand', c.brand),
        spec('Model', c.model),
        spec('Year', year),
        spec('Finish', finish),
        spec('Format', '35mm film'),
        ...(withLens ? [spec('Lens', c.lens)] : []),
        ...r.some([spec('Shutter', 'Accurate at all speeds'), spec('Light meter', r.pick(['Working', 'Not working', 'None'])), spec('Serial number', `${r.int(100, 999)}${r.int(1000, 9999)}`)], 2),
      ],
    };
  },
};

const ACCESSORIES = [
  ['Leica', 'Elmar 50mm f/3.5 lens', 'Screw mount'],
  ['Nikon', 'Nikkor 105mm f/2.5 lens', 'F mount'],
  ['Canon', 'FD 28mm f/2.8 lens', 'FD mount'],
  ['Zeiss', 'Sonnar 85mm f/2 lens', 'Contax mount'],
  ['Kodak', 'Portra 400 film, 10 rolls (expired 2019)', '35mm'],
  ['Gossen', 'Lunasix 3 light meter', 'Handheld'],
] as const;

const cameraAccessories: Line = {
  key: 'accessory',
  subject: 'lenscap',
  bulk: 'small',
  price: [25, 650],
  conditions: USED,
  make(r) {
    const [brand, what, mount] = r.pick(ACCESSORIES);
    return {
      title: `${brand} ${what}${r.chance(0.4) ? ', with caps and case' : ''}`,
      opening: `${brand} ${what}, ${r.pick(['clean glass, no haze', 'light cleaning marks', 'smooth focus, crisp aperture clicks'])}.`,
      categoryId: 'camera-accessories',
      specs: [spec('Brand', brand), spec('Type', what), spec('Mount', mount), ...r.some([spec('Filter thread', `${r.pick([39, 46, 52, 55])} mm`), spec('Made in', r.pick(['Germany', 'Japan']))], 2)],
    };
  },
};

const WATCHES = [
  { brand: 'Omega', model: 'Seamaster 300', cat: 'dive-watches', movement: 'Automatic, cal. 552', years: [1957, 1970] },
  { brand: 'Rolex', model: 'Submariner 5513', cat: 'dive-watches', movement: 'Automatic, cal. 1520', years: [1962, 1989] },
  { brand: 'Seiko', model: '6105 "Willard"', cat: 'dive-watches', movement: 'Automatic, cal. 6105', years: [1968, 1977] },
  { brand: 'Tudor', model: 'Black Bay 58', cat: 'dive-watches', movement: 'Automatic, MT5402', years: [2018, 2024] },
  { brand: 'Jaeger-LeCoultre', model: 'Reverso Classic', cat: 'dress-watches', movement: 'Manual wind', years: [1991, 2015] },
  { brand: 'Longines', model: 'Flagship', cat: 'dress-watches', movement: 'Automatic, cal. 340', years: [1957, 1968] },
  { brand: 'Cartier', model: 'Tank Must', cat: 'dress-watches', movement: 'Quartz', years: [1977, 2020] },
  { brand: 'Heuer', model: 'Carrera 2447', cat: 'chronographs', movement: 'Manual wind, Valjoux 72', years: [1963, 1970] },
  { brand: 'Omega', model: 'Speedmaster Professional', cat: 'chronographs', movement: 'Manual wind, cal. 861', years: [1968, 1996] },
  { brand: 'Breitling', model: 'Navitimer 806', cat: 'chronographs', movement: 'Manual wind, Venus 178', years: [1959, 1968] },
] as const;

const watches: Line = {
  key: 'watch',
  subject: 'watch',
  bulk: 'small',
  price: [350, 9_500],
  conditions: ['used_good', 'used_good', 'like_new', 'used_fair', 'refurbished'],
  make(r) {
    const w = r.pick(WATCHES);
    const year = r.int(w.years[0], w.years[1]);
    const papers = r.pick(['box and papers', 'papers only', 'no box or papers', 'original box']);
    return {
      title: `${w.brand} ${w.model}, ${year}${r.chance(0.5) ? `, ${papers}` : ''}`,
      opening: `${w.brand} ${w.model} from ${year}, ${r.pick(['original dial and hands', 'service dial, original hands', 'unpolished case', 'recently serviced'])}.`,
      categoryId: w.cat,
      specs: [
        spec('Brand', w.brand),
        spec('Model', w.model),
        spec('Year', year),
        spec('Movement', w.movement),
        spec('Case size', `${r.int(34, 42)} mm`),
        spec('Box and papers', papers),
        ...r.some([spec('Case material', r.pick(['Stainless steel', 'Gold-plated', '18k gold'])), spec('Bracelet', r.pick(['Leather strap', 'Steel bracelet', 'NATO strap']))], 2),
      ],
    };
  },
};

const straps: Line = {
  key: 'strap',
  subject: 'strap',
  bulk: 'small',
  price: [12, 180],
  conditions: ['new', 'new', 'like_new'],
  make(r) {
    const width = r.pick([18, 19, 20, 22]);
    const kind = r.pick(['NATO strap', 'Horween leather strap', 'Tropic rubber strap', 'Beads-of-rice bracelet', 'Milanese mesh bracelet']);
    const colour = r.pick(['olive', 'navy and red', 'black', 'tan', 'grey']);
    return {
      title: `${kind}, ${width} mm, ${colour}`,
      opening: `A ${colour} ${kind.toLowerCase()} for ${width} mm lugs, quick-release spring bars included.`,
      categoryId: 'watch-straps',
      specs: [spec('Type', kind), spec('Lug width', `${width} mm`), spec('Colour', colour), spec('Buckle', r.pick(['Brushed steel', 'Polished steel', 'PVD black']))],
    };
  },
};

const PRINTS = [
  ['lithographs', 'lithograph', ['Joan Miró', 'Marc Chagall', 'Karel Appel', 'Sonia Delaunay']],
  ['screen-prints', 'screen print', ['Andy Warhol (after)', 'Victor Vasarely', 'Corneille', 'Keith Haring (after)']],
] as const;

const prints: Line = {
  key: 'print',
  subject: 'painting',
  bulk: 'parcel',
  price: [80, 4_800],
  conditions: COLLECTIBLE,
  make(r) {
    const [cat, kind, artists] = r.pick(PRINTS);
    const artist = r.pick(artists);
    const edition = r.pick([50, 75, 100, 150, 250]);
    const n = r.int(1, edition);
    const motif = r.pick(['Composition in blue', 'Harbour at dusk', 'Birds over the city', 'Abstract with red circle', 'Lovers with bouquet']);
    return {
      title: `${artist}: "${motif}", ${kind}, numbered ${n}/${edition}`,
      opening: `${kind[0]?.toUpperCase()}${kind.slice(1)} by ${artist}, hand-signed and numbered ${n}/${edition}.`,
      categoryId: cat,
      specs: [spec('Artist', artist), spec('Technique', kind), spec('Edition', `${n}/${edition}`), spec('Signed', 'Hand-signed in pencil'), spec('Sheet size', `${r.int(40, 80)} x ${r.int(30, 60)} cm`), ...r.some([spec('Framed', r.pick(['Yes, oak frame', 'No'])), spec('Year', r.int(1958, 1992))], 2)],
    };
  },
};

const paintings: Line = {
  key: 'painting',
  subject: 'painting',
  bulk: 'parcel',
  price: [150, 6_500],
  conditions: COLLECTIBLE,
  make(r) {
    const oil = r.chance(0.6);
    const school = r.pick(['Dutch', 'Flemish', 'French', 'Danish', 'Austrian']);
    const motif = r.pick(['polder landscape with windmill', 'still life with tulips', 'harbour scene', 'portrait of a lady', 'winter landscape with skaters', 'Alpine meadow']);
    const year = r.int(1870, 1975);
    return {
      title: `${school} school, ${motif}, ${oil ? 'oil on canvas' : 'watercolour'}, c. ${Math.round(year / 10) * 10}`,
      opening: `A ${oil ? 'oil painting' : 'watercolour'} of a ${motif}, ${school} school, around ${year}.`,
      categoryId: oil ? 'oil-paintings' : 'watercolours',
      specs: [spec('Technique', oil ? 'Oil on canvas' : 'Watercolour on paper'), spec('School', school), spec('Period', `c. ${year}`), spec('Size', `${r.int(30, 120)} x ${r.int(25, 90)} cm`), ...r.some([spec('Signed', r.pick(['Lower right', 'Unsigned', 'Monogrammed'])), spec('Framed', 'Gilt frame')], 2)],
    };
  },
};

export const LINES_A: Line[] = [cameras, cameraAccessories, watches, straps, prints, paintings];
