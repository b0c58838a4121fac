import { describe, expect, it } from 'vitest';
import { ANY_STATUS } from '../../search-api';
import { hrefFromForm, queryFrom, sortOf, withParams } from './search-params';

const p = (s: string) => new URLSearchParams(s);

describe('the search page URL', () => {
  it('when the URL holds words and filters, then the API query carries them, prices in minor units and the live default status', () => {
    const { query, errors } = queryFrom(p('q=brass&condition=new&hasBuyNow=true&noBids=false&currency=EUR&min=10&max=25.5&shipsTo=de&categoryId=coins'));
    expect(errors).toEqual({});
    expect(query).toEqual({
      limit: '24',
      q: 'brass',
      condition: 'new',
      categoryId: 'coins',
      hasBuyNow: 'true',
      status: 'active,scheduled',
      currency: 'EUR',
      minPrice: '1000',
      maxPrice: '2550',
      shipsTo: 'DE',
    });
    expect(queryFrom(p('status=any')).query.status).toBe(ANY_STATUS);
  });

  it('when a filter cannot apply, then it is an error at its field and not sent', () => {
    expect(queryFrom(p('min=abc')).errors).toEqual({ min: 'amount' });
    expect(queryFrom(p('min=5')).errors).toEqual({ currency: 'currencyNeeded' });
    expect(queryFrom(p('currency=EUR&min=9&max=5')).errors).toEqual({ max: 'maxBelowMin' });
    expect(queryFrom(p('country=ZZ')).errors).toEqual({ country: 'country' });
    expect(queryFrom(p('lat=52.5&lon=13.4')).errors).toEqual({ radiusKm: 'nearAll' });
    expect(queryFrom(p('lat=95&lon=13.4&radiusKm=0')).errors).toEqual({ lat: 'lat', radiusKm: 'radius' });
    const near = queryFrom(p('lat=52.52&lon=-13.4&radiusKm=25'));
    expect(near.errors).toEqual({});
    expect(near.query).toMatchObject({ lat: '52.52', lon: '-13.4', radiusKm: '25' });
  });

  it('when words are present or absent, then relevance is the default only with words and never sent without them', () => {
    expect(sortOf(p('q=lamp'))).toBe('relevance');
    expect(sortOf(p(''))).toBe('ending_soon');
    expect(sortOf(p('sort=relevance'))).toBe('ending_soon');
    expect(queryFrom(p('sort=relevance')).query.sort).toBeUndefined();
    expect(queryFrom(p('q=lamp&sort=most_watched')).query.sort).toBe('most_watched');
    // Removing the words drops a relevance sort from the address too.
    expect(withParams(p('q=lamp&sort=relevance&type=dutch'), { q: null })).toBe('/browse?type=dutch');
  });

  it('when the sidebar form is applied, then its fields replace theirs and the links\' filters stay', () => {
    const form = new FormData();
    form.set('status', 'active,scheduled');
    form.set('currency', 'EUR');
    form.set('min', ' 5 ');
    form.set('hasBuyNow', 'true');
    form.set('country', 'fr');
    expect(hrefFromForm(p('q=coin&condition=new&noBids=true&max=9&cursor=abc'), form)).toBe(
      '/browse?q=coin&condition=new&currency=EUR&min=5&hasBuyNow=true&country=FR',
    );
  });
});
