/**
 * The demo category tree (three levels) and the rules a few of its categories set.
 * The first ids are those of the original flat demo list, kept so that links and
 * tests naming them still work.
 */
import type { CategoryRules } from '../modules/catalog/index.js';

/** One demo category. */
export interface DemoCategory {
  id: string;
  name: string;
  parentId: string | null;
  rules?: CategoryRules;
}

const cat = (id: string, name: string, parentId: string | null, rules?: CategoryRules): DemoCategory => ({
  id,
  name,
  parentId,
  ...(rules ? { rules } : {}),
});

// Sellers must name what a camera is, so buyers can compare; a watch below this is not worth the fees.
// Suggested specifications are what the sell form offers to fill in (not enforced).
const CAMERA_RULES: CategoryRules = { requiredSpecifications: ['Brand', 'Model'], suggestedSpecifications: ['Year', 'Lens', 'Shutter', 'Light meter'] };
const WATCH_RULES: CategoryRules = {
  minStartingPrice: { EUR: 5_000, USD: 5_000, GBP: 5_000 },
  requiredSpecifications: ['Brand'],
  suggestedSpecifications: ['Model', 'Year', 'Movement', 'Case size', 'Box and papers'],
};

export const DEMO_CATEGORIES: DemoCategory[] = [
  cat('art', 'Art', null, { maxImages: 12 }),
  cat('collectibles', 'Collectibles', null),
  cat('coins', 'Coins', 'collectibles', { requiredSpecifications: ['Year'], suggestedSpecifications: ['Country', 'Metal', 'Grade'] }),
  cat('electronics', 'Electronics', null),
  cat('cameras', 'Cameras & Photo', 'electronics', CAMERA_RULES),
  cat('watches', 'Watches', null, WATCH_RULES),
  cat('fashion', 'Fashion', null),
  // Below: the tree grown from those roots.
  cat('rangefinders', 'Rangefinders', 'cameras'),
  cat('slr-cameras', 'SLR cameras', 'cameras'),
  cat('film-cameras', 'Compact film cameras', 'cameras'),
  cat('camera-accessories', 'Lenses & accessories', 'cameras', { requiredSpecifications: ['Brand'] }),
  cat('computers', 'Computers & peripherals', 'electronics'),
  cat('keyboards', 'Keyboards', 'computers'),
  cat('wristwatches', 'Wristwatches', 'watches'),
  cat('dive-watches', 'Dive watches', 'wristwatches'),
  cat('dress-watches', 'Dress watches', 'wristwatches'),
  cat('chronographs', 'Chronographs', 'wristwatches'),
  // Straps are cheap: the watch minimum does not apply to them.
  cat('watch-straps', 'Straps & bracelets', 'watches', { minStartingPrice: { EUR: 500, USD: 500, GBP: 500 }, requiredSpecifications: [] }),
  cat('prints', 'Prints', 'art'),
  cat('lithographs', 'Lithographs', 'prints'),
  cat('screen-prints', 'Screen prints', 'prints'),
  cat('paintings', 'Paintings', 'art'),
  cat('oil-paintings', 'Oil paintings', 'paintings'),
  cat('watercolours', 'Watercolours', 'paintings'),
  cat('euro-coins', 'European coins', 'coins'),
  cat('us-coins', 'US coins', 'coins'),
  cat('music', 'Vinyl & Music', null),
  cat('vinyl', 'Vinyl records', 'music', { requiredSpecifications: ['Artist'], suggestedSpecifications: ['Album', 'Label', 'Year', 'Pressing', 'Grading'] }),
  cat('jazz-vinyl', 'Jazz', 'vinyl'),
  cat('rock-vinyl', 'Rock & pop', 'vinyl'),
  cat('classical-vinyl', 'Classical', 'vinyl'),
  cat('furniture', 'Furniture', null),
  cat('mid-century', 'Mid-century modern', 'furniture'),
  cat('sideboards', 'Sideboards & cabinets', 'mid-century', { suggestedSpecifications: ['Maker', 'Wood', 'Width', 'Height', 'Depth'] }),
  cat('books', 'Books', null),
  cat('rare-books', 'Rare & antiquarian', 'books', { requiredSpecifications: ['Author'] }),
  cat('first-editions', 'First editions', 'rare-books'),
  cat('photo-books', 'Photo books', 'books'),
  cat('shoes', 'Shoes', 'fashion'),
  cat('sneakers', 'Sneakers', 'shoes'),
];
