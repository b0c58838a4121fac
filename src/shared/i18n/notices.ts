import { messages } from './define.js';

/**
 * Notifications and emails. Each notice key has a title and a body; amounts and
 * times arrive already in words (formatted for the reader), user-written text
 * (reasons, messages) as it was written.
 */
export const notices = messages(
  {
    outbid: { title: 'You were outbid on “{{item}}”', body: 'The price is now {{price}}. Bid again before {{endsAt}}.' },
    won: { title: 'You won “{{item}}”', body: 'Your winning price: {{price}}.' },
    sold: { title: '“{{item}}” sold', body: 'Sold for {{price}}.' },
    unsold_no_bids: { title: '“{{item}}” ended unsold', body: 'There were no bids.' },
    unsold_reserve: { title: '“{{item}}” ended unsold', body: 'The reserve price was not met.' },
    lost_sold: { title: '“{{item}}” ended; you did not win', body: 'It sold for {{price}}.' },
    lost_unsold: { title: '“{{item}}” ended; you did not win', body: 'It ended without a sale.' },
    ending_soon: { title: '“{{item}}” ends soon', body: 'It ends at {{endsAt}}; the price is {{price}}.' },
    ending_soon_hidden: { title: '“{{item}}” ends soon', body: 'It ends at {{endsAt}}.' },
    order_paid: { title: 'Payment received: please ship', body: 'The buyer paid; the money is held in escrow until delivery.' },
    payment_captured: { title: 'Payment complete', body: 'We charged {{amount}}.' },
    released: { title: 'Funds released', body: '{{net}} after a commission of {{commission}}.' },
    payout: { title: 'Payout sent', body: '{{amount}} is on its way.' },
    dispute_opened: { title: 'A buyer opened a dispute', body: '{{reason}}' },
    dispute_response: { title: 'The seller responded to your dispute', body: '{{message}}' },
    dispute_refund: { title: 'Dispute resolved', body: 'Refund of {{amount}} to the buyer.' },
    dispute_release: { title: 'Dispute resolved', body: 'The payment was released to the seller.' },
    refunded: { title: 'You were refunded', body: '{{amount}} is on its way back to your card. {{reason}}' },
    refunded_part: { title: 'You were partly refunded', body: '{{amount}} is on its way back to your card. {{reason}}' },
    sale_refunded: { title: 'A sale was refunded', body: '{{amount}} was taken back from your earnings for this order.' },
    unpaid_unsold: { title: 'Your item did not sell', body: 'No bidder completed the payment.' },
    second_chance: {
      title: 'Second chance: the item is yours at your max bid',
      body: 'Accept before {{deadline}} to buy it for {{amount}}.',
    },
    shipped: {
      title: 'Your item is on its way',
      body: '{{carrier}} {{tracking}}. Confirm receipt, or the payment is released on {{releaseAt}}.',
    },
    order_closed: { title: 'Your order was closed', body: '{{reason}}' },
    order_rejected: { title: 'The seller declined your winning bid', body: '{{reason}}' },
    payment_confirm: { title: 'Confirm your payment', body: 'Your bank asks you to confirm this payment (3-D Secure) before {{deadline}}.' },
    payment_failed: {
      title: 'Your payment did not go through',
      body: 'Please pay with another payment method before {{deadline}}, or the item goes to the next bidder.',
    },
    bids_voided_bidder: {
      title: 'Your bids on “{{item}}” were voided',
      body: 'Our review team voided your bids on this auction and you cannot bid on it again. Reason: {{reason}}',
    },
    bids_voided_seller: {
      title: 'Bids on “{{item}}” were voided',
      body: 'Our review team voided one bidder’s bids; the price is now {{price}}. Reason: {{reason}}',
    },
    bids_voided_seller_none: {
      title: 'Bids on “{{item}}” were voided',
      body: 'Our review team voided one bidder’s bids; no bids remain. Reason: {{reason}}',
    },
    leading_again: { title: 'You lead “{{item}}” again', body: 'Bids of another bidder were voided; you lead at {{price}}.' },
    account_warned: { title: 'A warning about your account', body: 'Our review team looked at activity on your account. Reason: {{reason}}' },
    account_suspended: {
      title: 'Your account is suspended',
      body: 'You cannot sign in or bid, and your listings are paused, until our review team lifts the suspension. Reason: {{reason}}',
    },
    account_unsuspended: { title: 'Your account is active again', body: 'You can sign in and bid again; your listings are live again.' },
    account_banned: { title: 'Your account is closed', body: 'Our review team closed your account for good; your open listings were cancelled. Reason: {{reason}}' },
    reasons: {
      offer_declined: 'You declined the offer.',
      deadline_passed: 'The payment deadline passed.',
    },
    email: {
      signature: 'Gavel',
      settings: 'Change which emails you get in your notification settings: {{url}}',
    },
  },
  {
    outbid: { title: 'Sie wurden bei „{{item}}“ überboten', body: 'Der Preis liegt jetzt bei {{price}}. Bieten Sie erneut bis {{endsAt}}.' },
    won: { title: 'Sie haben „{{item}}“ gewonnen', body: 'Ihr Zuschlagspreis: {{price}}.' },
    sold: { title: '„{{item}}“ wurde verkauft', body: 'Verkauft für {{price}}.' },
    unsold_no_bids: { title: '„{{item}}“ endete ohne Verkauf', body: 'Es gab keine Gebote.' },
    unsold_reserve: { title: '„{{item}}“ endete ohne Verkauf', body: 'Der Mindestpreis wurde nicht erreicht.' },
    lost_sold: { title: '„{{item}}“ ist beendet; Sie haben nicht gewonnen', body: 'Es wurde für {{price}} verkauft.' },
    lost_unsold: { title: '„{{item}}“ ist beendet; Sie haben nicht gewonnen', body: 'Es endete ohne Verkauf.' },
    ending_soon: { title: '„{{item}}“ endet bald', body: 'Es endet am {{endsAt}}; der Preis liegt bei {{price}}.' },
    ending_soon_hidden: { title: '„{{item}}“ endet bald', body: 'Es endet am {{endsAt}}.' },
    order_paid: {
      title: 'Zahlung eingegangen: bitte versenden',
      body: 'Der Käufer hat bezahlt; das Geld liegt bis zur Zustellung auf dem Treuhandkonto.',
    },
    payment_captured: { title: 'Zahlung abgeschlossen', body: 'Wir haben {{amount}} abgebucht.' },
    released: { title: 'Geld freigegeben', body: '{{net}} nach einer Provision von {{commission}}.' },
    payout: { title: 'Auszahlung veranlasst', body: '{{amount}} ist unterwegs zu Ihnen.' },
    dispute_opened: { title: 'Ein Käufer hat einen Streitfall eröffnet', body: '{{reason}}' },
    dispute_response: { title: 'Der Verkäufer hat auf Ihren Streitfall geantwortet', body: '{{message}}' },
    dispute_refund: { title: 'Streitfall entschieden', body: 'Erstattung von {{amount}} an den Käufer.' },
    dispute_release: { title: 'Streitfall entschieden', body: 'Die Zahlung wurde an den Verkäufer freigegeben.' },
    refunded: { title: 'Ihnen wurde der Betrag erstattet', body: '{{amount}} wird Ihrer Karte wieder gutgeschrieben. {{reason}}' },
    refunded_part: { title: 'Ihnen wurde ein Teil erstattet', body: '{{amount}} wird Ihrer Karte wieder gutgeschrieben. {{reason}}' },
    sale_refunded: { title: 'Ein Verkauf wurde erstattet', body: '{{amount}} wurde für diese Bestellung von Ihren Einnahmen abgezogen.' },
    unpaid_unsold: { title: 'Ihr Artikel wurde nicht verkauft', body: 'Kein Bieter hat die Zahlung abgeschlossen.' },
    second_chance: {
      title: 'Zweite Chance: Der Artikel gehört Ihnen zu Ihrem Höchstgebot',
      body: 'Nehmen Sie bis {{deadline}} an, um ihn für {{amount}} zu kaufen.',
    },
    shipped: {
      title: 'Ihr Artikel ist unterwegs',
      body: '{{carrier}} {{tracking}}. Bestätigen Sie den Empfang, sonst wird die Zahlung am {{releaseAt}} freigegeben.',
    },
    order_closed: { title: 'Ihre Bestellung wurde geschlossen', body: '{{reason}}' },
    order_rejected: { title: 'Der Verkäufer hat Ihr Höchstgebot abgelehnt', body: '{{reason}}' },
    payment_confirm: {
      title: 'Bestätigen Sie Ihre Zahlung',
      body: 'Ihre Bank bittet Sie, diese Zahlung bis {{deadline}} zu bestätigen (3-D Secure).',
    },
    payment_failed: {
      title: 'Ihre Zahlung ist nicht durchgegangen',
      body: 'Bitte zahlen Sie bis {{deadline}} mit einer anderen Zahlungsmethode, sonst geht der Artikel an den nächsten Bieter.',
    },
    bids_voided_bidder: {
      title: 'Ihre Gebote auf „{{item}}“ wurden gestrichen',
      body: 'Unser Prüfteam hat Ihre Gebote auf diese Auktion gestrichen; Sie können darauf nicht mehr bieten. Grund: {{reason}}',
    },
    bids_voided_seller: {
      title: 'Gebote auf „{{item}}“ wurden gestrichen',
      body: 'Unser Prüfteam hat die Gebote eines Bieters gestrichen; der Preis liegt jetzt bei {{price}}. Grund: {{reason}}',
    },
    bids_voided_seller_none: {
      title: 'Gebote auf „{{item}}“ wurden gestrichen',
      body: 'Unser Prüfteam hat die Gebote eines Bieters gestrichen; es gibt keine Gebote mehr. Grund: {{reason}}',
    },
    leading_again: { title: 'Sie führen wieder bei „{{item}}“', body: 'Die Gebote eines anderen Bieters wurden gestrichen; Sie führen mit {{price}}.' },
    account_warned: { title: 'Ein Hinweis zu Ihrem Konto', body: 'Unser Prüfteam hat Aktivitäten in Ihrem Konto geprüft. Grund: {{reason}}' },
    account_suspended: {
      title: 'Ihr Konto ist gesperrt',
      body: 'Sie können sich nicht anmelden und nicht bieten, und Ihre Angebote sind pausiert, bis unser Prüfteam die Sperre aufhebt. Grund: {{reason}}',
    },
    account_unsuspended: { title: 'Ihr Konto ist wieder aktiv', body: 'Sie können sich wieder anmelden und bieten; Ihre Angebote sind wieder sichtbar.' },
    account_banned: {
      title: 'Ihr Konto wurde geschlossen',
      body: 'Unser Prüfteam hat Ihr Konto dauerhaft geschlossen; Ihre offenen Angebote wurden beendet. Grund: {{reason}}',
    },
    reasons: {
      offer_declined: 'Sie haben das Angebot abgelehnt.',
      deadline_passed: 'Die Zahlungsfrist ist abgelaufen.',
    },
    email: {
      signature: 'Gavel',
      settings: 'In Ihren Benachrichtigungseinstellungen legen Sie fest, welche E-Mails Sie erhalten: {{url}}',
    },
  },
);
