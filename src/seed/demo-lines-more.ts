/** More kinds of demo items (see demo-lines.ts): coins, records, furniture, books, keyboards, sneakers. */
import type { Specification } from '../shared/api/auctions.js';
import type { Line } from './demo-lines.js';

const spec = (name: string, value: string | number): Specification => ({ name, value: String(value) });

const COINS = [
  ['us-coins', 'Lincoln cent', 'United States', 'Copper', [1909, 1958]],
  ['us-coins', 'Morgan dollar', 'United States', 'Silver', [1878, 1921]],
  ['us-coins', 'Walking Liberty half dollar', 'United States', 'Silver', [1916, 1947]],
  ['euro-coins', 'Wilhelmina 10 gulden', 'Netherlands', 'Gold', [1897, 1933]],
  ['euro-coins', 'Maria Theresa thaler (restrike)', 'Austria', 'Silver', [1780, 1780]],
  ['euro-coins', 'Napoleon 20 francs', 'France', 'Gold', [1852, 1870]],
  ['euro-coins', 'Kaiserreich 5 Mark', 'Germany', 'Silver', [1888, 1913]],
] as const;

const coins: Line = {
  key: 'coin',
  subject: 'coin',
  bulk: 'small',
  price: [20, 3_200],
  conditions: ['used_good', 'like_new', 'used_fair'],
  make(r) {
    const [cat, name, country, metal, years] = r.pick(COINS);
    const year = r.int(years[0], years[1]);
    const grade = r.pick(['VF-30', 'XF-40', 'AU-55', 'MS-62', 'MS-64', 'Fine']);
    const slabbed = r.chance(0.5);
    return {
      title: `${year} ${name}, ${grade}${slabbed ? `, ${r.pick(['PCGS', 'NGC'])} graded` : ''}`,
      opening: `${country}, ${name} of ${year} in ${metal.toLowerCase()}, graded ${grade}.`,
      categoryId: cat,
      specs: [spec('Year', year), spec('Country', country), spec('Metal', metal), spec('Grade', grade), ...r.some([spec('Slabbed', slabbed ? 'Yes' : 'No'), spec('Mint mark', r.pick(['None', 'S', 'D', 'A', 'Utrecht']))], 2)],
    };
  },
};

const RECORDS = [
  ['jazz-vinyl', 'Miles Davis', 'Kind of Blue', 'Columbia', 1959],
  ['jazz-vinyl', 'John Coltrane', 'A Love Supreme', 'Impulse!', 1965],
  ['jazz-vinyl', 'Chet Baker', 'Chet Baker Sings', 'Pacific Jazz', 1954],
  ['jazz-vinyl', 'Bill Evans Trio', 'Waltz for Debby', 'Riverside', 1962],
  ['rock-vinyl', 'The Beatles', 'Abbey Road', 'Apple', 1969],
  ['rock-vinyl', 'Pink Floyd', 'The Dark Side of the Moon', 'Harvest', 1973],
  ['rock-vinyl', 'Fleetwood Mac', 'Rumours', 'Warner Bros.', 1977],
  ['rock-vinyl', 'Kraftwerk', 'Autobahn', 'Philips', 1974],
  ['rock-vinyl', 'Golden Earring', 'Moontan', 'Polydor', 1973],
  ['classical-vinyl', 'Glenn Gould', 'Goldberg Variations', 'Columbia Masterworks', 1956],
  ['classical-vinyl', 'Herbert von Karajan', 'Beethoven: 9 Symphonien', 'Deutsche Grammophon', 1963],
] as const;

const records: Line = {
  key: 'record',
  subject: 'record',
  bulk: 'small',
  price: [8, 450],
  conditions: ['used_good', 'used_good', 'like_new', 'used_fair'],
  make(r) {
    const [cat, artist, album, label, year] = r.pick(RECORDS);
    const pressing = r.pick(['first pressing', 'original pressing', 'reissue', 'German pressing', 'UK pressing', '180 g remaster']);
    const grade = r.pick(['VG+/VG+', 'NM/VG+', 'VG/VG', 'EX/EX']);
    return {
      title: `${artist} – ${album} (${year}), ${pressing}, LP`,
      opening: `${album} by ${artist} on ${label}, ${pressing}, graded ${grade} (vinyl/sleeve).`,
      categoryId: cat,
      specs: [spec('Artist', artist), spec('Album', album), spec('Label', label), spec('Year', year), spec('Pressing', pressing), spec('Grading', grade), ...r.some([spec('Speed', '33⅓ rpm'), spec('Inner sleeve', r.pick(['Original', 'Replaced', 'None']))], 1)],
    };
  },
};

const furniture: Line = {
  key: 'sideboard',
  subject: 'sideboard',
  bulk: 'freight',
  price: [180, 3_800],
  conditions: ['used_good', 'used_fair', 'refurbished', 'like_new'],
  make(r) {
    const maker = r.pick(['Omann Jun', 'G-Plan', 'Musterring', 'Pastoe', 'Dyrlund', 'unknown Danish maker']);
    const wood = r.pick(['teak', 'rosewood', 'walnut', 'oak']);
    const kind = r.pick(['sideboard', 'highboard', 'credenza', 'bar cabinet']);
    const width = r.int(120, 240);
    return {
      title: `Mid-century ${wood} ${kind} by ${maker}, ${width} cm`,
      opening: `A ${wood} ${kind} from the ${r.pick(['fifties', 'sixties', 'seventies'])} by ${maker}, ${r.pick(['sliding doors and brass handles', 'four drawers and a cupboard', 'tambour doors'])}.`,
      categoryId: 'sideboards',
      specs: [spec('Maker', maker), spec('Wood', wood), spec('Width', `${width} cm`), spec('Height', `${r.int(70, 140)} cm`), spec('Depth', `${r.int(40, 50)} cm`), ...r.some([spec('Restored', r.pick(['Oiled in 2024', 'Original finish'])), spec('Keys', r.pick(['Included', 'Missing']))], 2)],
    };
  },
};

const BOOKS = [
  ['first-editions', 'Harry Mulisch', 'De aanslag', 1982],
  ['first-editions', 'Ernest Hemingway', 'The Old Man and the Sea', 1952],
  ['first-editions', 'Thomas Mann', 'Der Zauberberg', 1924],
  ['first-editions', 'Albert Camus', 'L’Étranger', 1942],
  ['first-editions', 'Ian Fleming', 'Goldfinger', 1959],
  ['photo-books', 'Robert Frank', 'The Americans', 1959],
  ['photo-books', 'Ed van der Elsken', 'Love on the Left Bank', 1956],
  ['photo-books', 'Henri Cartier-Bresson', 'The Decisive Moment', 1952],
] as const;

const books: Line = {
  key: 'book',
  subject: 'book',
  bulk: 'parcel',
  price: [15, 1_900],
  conditions: ['used_good', 'used_fair', 'like_new'],
  make(r) {
    const [cat, author, name, year] = r.pick(BOOKS);
    const first = cat === 'first-editions' || r.chance(0.3);
    const binding = r.pick(['hardcover with dust jacket', 'hardcover, no jacket', 'original wrappers']);
    return {
      title: `${author}, ${name} (${year}), ${first ? 'first edition' : 'later printing'}`,
      opening: `${name} by ${author}, ${first ? 'first edition' : 'a later printing'} of ${year}, ${binding}.`,
      categoryId: cat,
      specs: [spec('Author', author), spec('Title', name), spec('Year', year), spec('Edition', first ? 'First edition' : 'Later printing'), spec('Binding', binding), ...r.some([spec('Language', r.pick(['English', 'Dutch', 'German', 'French'])), spec('Signed', r.pick(['No', 'Signed by the author']))], 2)],
    };
  },
};

const keyboards: Line = {
  key: 'keyboard',
  subject: 'keyboard',
  bulk: 'parcel',
  price: [40, 900],
  conditions: ['used_good', 'like_new', 'refurbished', 'for_parts'],
  make(r) {
    const [brand, model, switches] = r.pick([
      ['IBM', 'Model M', 'Buckling spring'],
      ['Cherry', 'G80-3000', 'Cherry MX Black'],
      ['Apple', 'Extended Keyboard II', 'Alps SKCM'],
      ['Keychron', 'Q1', 'Gateron Brown'],
      ['Filco', 'Majestouch 2', 'Cherry MX Blue'],
    ] as const);
    const layout = r.pick(['ISO-DE', 'ANSI-US', 'ISO-UK', 'ISO-NL']);
    return {
      title: `${brand} ${model} mechanical keyboard, ${layout}, ${switches}`,
      opening: `${brand} ${model} with ${switches} switches, ${r.pick(['cleaned and tested', 'hand-lubed stabilisers', 'original cable'])}.`,
      categoryId: 'keyboards',
      specs: [spec('Brand', brand), spec('Model', model), spec('Switches', switches), spec('Layout', layout), ...r.some([spec('Connection', r.pick(['USB', 'PS/2', 'ADB'])), spec('Keycaps', r.pick(['PBT, original', 'Doubleshot ABS']))], 2)],
    };
  },
};

const sneakers: Line = {
  key: 'sneakers',
  subject: 'sneakers',
  bulk: 'parcel',
  price: [35, 850],
  conditions: ['new', 'like_new', 'used_good'],
  make(r) {
    const [brand, model] = r.pick([
      ['Adidas', 'Samba OG'],
      ['Nike', 'Air Max 1'],
      ['New Balance', '990v3'],
      ['Onitsuka Tiger', 'Mexico 66'],
      ['Puma', 'Suede Classic'],
    ] as const);
    const size = r.pick([38, 39, 40, 41, 42, 43, 44, 45]);
    const colour = r.pick(['white/green', 'black/gum', 'grey/navy', 'yellow/black', 'red/white']);
    return {
      title: `${brand} ${model} sneakers, EU ${size}, ${colour}`,
      opening: `${brand} ${model} in ${colour}, EU size ${size}, ${r.pick(['deadstock with tags', 'worn twice', 'lightly worn, clean soles'])}.`,
      categoryId: 'sneakers',
      specs: [spec('Brand', brand), spec('Model', model), spec('Size', `EU ${size}`), spec('Colour', colour), ...r.some([spec('Original box', r.pick(['Yes', 'No'])), spec('Upper', r.pick(['Suede', 'Leather', 'Mesh']))], 2)],
    };
  },
};

export const LINES_B: Line[] = [coins, records, furniture, books, keyboards, sneakers];
