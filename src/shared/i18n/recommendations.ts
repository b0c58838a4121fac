import { messages } from './define.js';

/**
 * Recommendations: the home page's rail and the one-line reason under each item,
 * which the server puts into the caller's language (`{{title}}` is the title of
 * the item watched, bid on or bought, as its seller wrote it).
 */
export const recommendations = messages(
  {
    rail: {
      title: 'Recommended for you',
    },
    reasons: {
      watched: {
        category: 'Because you watched {{title}}',
        seller: 'From the seller of {{title}}, which you watched',
      },
      bid: {
        category: 'Because you bid on {{title}}',
        seller: 'From the seller of {{title}}, which you bid on',
      },
      bought: {
        category: 'Because you bought {{title}}',
        seller: 'From the seller you bought {{title}} from',
      },
    },
  },
  {
    rail: {
      title: 'Empfehlungen für Sie',
    },
    reasons: {
      watched: {
        category: 'Weil Sie {{title}} beobachten',
        seller: 'Vom Verkäufer von {{title}} auf Ihrer Beobachtungsliste',
      },
      bid: {
        category: 'Weil Sie auf {{title}} geboten haben',
        seller: 'Vom Verkäufer von {{title}}, bei dem Sie geboten haben',
      },
      bought: {
        category: 'Weil Sie {{title}} gekauft haben',
        seller: 'Vom Verkäufer von {{title}}, bei dem Sie gekauft haben',
      },
    },
  },
);
