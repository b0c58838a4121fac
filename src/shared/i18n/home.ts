import { messages } from './define.js';

/** The home page: the welcome, flash sales, and the rails: featured, trending, ending soon, just listed. */
export const home = messages(
  {
    heroTitle: 'Bid live. Win fair.',
    heroText: "Every bid is committed before anyone sees it, and the server's clock decides when an auction ends.",
    browse: 'Browse auctions',
    sell: 'Sell an item',
    createAccount: 'Create an account',
    flashSales: 'Flash sales',
    seeAll: 'See all',
    endingSoon: 'Ending soon',
    endingEmpty: 'No live auctions right now. Check back soon.',
    justListed: 'Just listed',
    featured: 'Featured',
    trending: 'Trending now',
  },
  {
    heroTitle: 'Live bieten. Fair gewinnen.',
    heroText: 'Jedes Gebot ist gespeichert, bevor es jemand sieht, und die Uhr des Servers entscheidet, wann eine Auktion endet.',
    browse: 'Auktionen durchsuchen',
    sell: 'Artikel verkaufen',
    createAccount: 'Konto erstellen',
    flashSales: 'Flash-Sales',
    seeAll: 'Alle ansehen',
    endingSoon: 'Endet bald',
    endingEmpty: 'Gerade laufen keine Auktionen. Schauen Sie bald wieder vorbei.',
    justListed: 'Neu eingestellt',
    featured: 'Hervorgehoben',
    trending: 'Gerade gefragt',
  },
);
