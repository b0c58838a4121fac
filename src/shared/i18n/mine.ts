import { messages } from './define.js';

/** A member's own pages: bids, listings, watchlist; and the page for a wrong address. */
export const mine = messages(
  {
    bids: {
      title: 'My bids',
      signIn: 'see your bids',
      empty: 'You have not bid on anything yet.',
      find: 'Find something you like.',
      yourMax: 'your max {{amount}}',
      standing: {
        won: 'Won',
        notWon: 'Not won',
        winning: 'Winning',
        outbid: 'Outbid',
        sealed: 'Sealed bid placed',
      },
    },
    listings: {
      title: 'My listings',
      signIn: 'see your listings',
      sell: 'Sell an item',
      filter: 'Filter by status',
      open: 'Live and upcoming',
      empty: 'Nothing here.',
      listItem: 'List an item.',
      bids_one: '{{count}} bid',
      bids_other: '{{count}} bids',
      result: {
        reserveMet: 'Reserve met',
        reserveNotMet: 'Reserve not met yet',
        soldFor: 'Sold for {{price}}',
        notSoldReserve: 'Not sold (reserve not met)',
        notSold: 'Not sold',
      },
    },
    watchlist: {
      pageTitle: 'Watchlist',
      title: 'My watchlist',
      signIn: 'see your watchlist',
      empty: 'You are not watching anything yet. Press “Watch” on an auction to follow it.',
      browse: 'Browse auctions',
    },
    notFound: {
      pageTitle: 'Not found',
      title: 'Page not found',
      text: 'We could not find this page. It may have moved.',
      home: 'Go home',
    },
  },
  {
    bids: {
      title: 'Meine Gebote',
      signIn: 'Ihre Gebote zu sehen',
      empty: 'Sie haben noch auf nichts geboten.',
      find: 'Finden Sie etwas, das Ihnen gefällt.',
      yourMax: 'Ihr Maximum {{amount}}',
      standing: {
        won: 'Gewonnen',
        notWon: 'Nicht gewonnen',
        winning: 'Höchstbietend',
        outbid: 'Überboten',
        sealed: 'Verdecktes Gebot abgegeben',
      },
    },
    listings: {
      title: 'Meine Angebote',
      signIn: 'Ihre Angebote zu sehen',
      sell: 'Artikel verkaufen',
      filter: 'Nach Status filtern',
      open: 'Laufend und geplant',
      empty: 'Hier ist nichts.',
      listItem: 'Bieten Sie einen Artikel an.',
      bids_one: '{{count}} Gebot',
      bids_other: '{{count}} Gebote',
      result: {
        reserveMet: 'Mindestpreis erreicht',
        reserveNotMet: 'Mindestpreis noch nicht erreicht',
        soldFor: 'Verkauft für {{price}}',
        notSoldReserve: 'Nicht verkauft (Mindestpreis nicht erreicht)',
        notSold: 'Nicht verkauft',
      },
    },
    watchlist: {
      pageTitle: 'Merkliste',
      title: 'Meine Merkliste',
      signIn: 'Ihre Merkliste zu sehen',
      empty: 'Sie beobachten noch nichts. Klicken Sie bei einer Auktion auf „Beobachten“, um ihr zu folgen.',
      browse: 'Auktionen durchstöbern',
    },
    notFound: {
      pageTitle: 'Nicht gefunden',
      title: 'Seite nicht gefunden',
      text: 'Diese Seite konnten wir nicht finden. Vielleicht wurde sie verschoben.',
      home: 'Zur Startseite',
    },
  },
);
