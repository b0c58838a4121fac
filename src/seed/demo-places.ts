/** Where demo sellers are, and how they ship: real cities, costs in the listing's currency. */
import type { ItemLocation, Shipping } from '../shared/api/auctions.js';

/** A demo seller's home: the location its listings show, and the currency it usually sells in. */
export interface DemoPlace {
  location: Required<Pick<ItemLocation, 'country' | 'city' | 'lat' | 'lon'>> & { region?: string; postalCode?: string };
  currency: 'EUR' | 'USD' | 'GBP';
}

const place = (country: string, city: string, lat: number, lon: number, currency: DemoPlace['currency'], postalCode: string): DemoPlace => ({
  location: { country, city, lat, lon, postalCode },
  currency,
});

/** Cities of the demo sellers (a few per country, ~10 countries, mostly in the euro area). */
export const DEMO_PLACES = {
  berlin: place('DE', 'Berlin', 52.52, 13.405, 'EUR', '10115'),
  munich: place('DE', 'Munich', 48.1374, 11.5755, 'EUR', '80331'),
  hamburg: place('DE', 'Hamburg', 53.5511, 9.9937, 'EUR', '20095'),
  amsterdam: place('NL', 'Amsterdam', 52.3676, 4.9041, 'EUR', '1012'),
  utrecht: place('NL', 'Utrecht', 52.0907, 5.1214, 'EUR', '3511'),
  paris: place('FR', 'Paris', 48.8566, 2.3522, 'EUR', '75004'),
  lyon: place('FR', 'Lyon', 45.764, 4.8357, 'EUR', '69002'),
  vienna: place('AT', 'Vienna', 48.2082, 16.3738, 'EUR', '1010'),
  milan: place('IT', 'Milan', 45.4642, 9.19, 'EUR', '20121'),
  madrid: place('ES', 'Madrid', 40.4168, -3.7038, 'EUR', '28013'),
  brussels: place('BE', 'Brussels', 50.8503, 4.3517, 'EUR', '1000'),
  copenhagen: place('DK', 'Copenhagen', 55.6761, 12.5683, 'EUR', '1050'),
  london: place('GB', 'London', 51.5072, -0.1276, 'GBP', 'EC1A'),
  manchester: place('GB', 'Manchester', 53.4808, -2.2426, 'GBP', 'M1'),
  newYork: place('US', 'New York', 40.7128, -74.006, 'USD', '10001'),
  chicago: place('US', 'Chicago', 41.8781, -87.6298, 'USD', '60601'),
} satisfies Record<string, DemoPlace>;

/** The EU's member states: where an "EU" shipping option reaches. */
const EU = ['AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE'];

/** How bulky an item is to send: letters, parcels, or freight. */
export type Bulk = 'small' | 'parcel' | 'freight';

// Costs in minor units, the same figures in EUR, USD and GBP: close enough for a demo.
const COSTS: Record<Bulk, { domestic: number; eu: number; world: number }> = {
  small: { domestic: 450, eu: 950, world: 1_900 },
  parcel: { domestic: 690, eu: 1_590, world: 3_900 },
  freight: { domestic: 9_900, eu: 19_900, world: 0 },
};

/**
 * The shipping of a listing from `country`: domestic always, the EU from inside it,
 * worldwide for small things; freight ships only at home or across the EU, and
 * `pickupOnly` listings are collected in person.
 */
export function demoShipping(country: string, bulk: Bulk, pickupOnly: boolean, r: () => number): Shipping {
  if (pickupOnly) return { options: [], localPickup: true, handlingDays: 0, restrictions: 'Collection only: too heavy to send.' };
  const c = COSTS[bulk];
  const inEu = EU.includes(country);
  const options: Shipping['options'] = [{ service: bulk === 'freight' ? 'Courier (two-person delivery)' : 'Tracked parcel', cost: c.domestic, regions: [country], minDays: 1, maxDays: 3 }];
  if (inEu) {
    options.push({ service: bulk === 'freight' ? 'European freight' : 'EU tracked', cost: c.eu, regions: EU.filter((x) => x !== country), minDays: 3, maxDays: 7 });
  }
  if (bulk !== 'freight') options.push({ service: 'International insured', cost: c.world, regions: ['worldwide'], minDays: 5, maxDays: 15 });
  return { options, localPickup: r() < 0.4, handlingDays: 1 + Math.floor(r() * 3) };
}
