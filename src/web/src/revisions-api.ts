import type { AddendumBody, AuctionView } from '../../shared/api/auctions';
import { request } from './api';

/** Adds text, photos or specifications to a listing (also after the first bid). */
export const addToListing = (auctionId: string, body: AddendumBody): Promise<AuctionView> =>
  request<AuctionView>('POST', `/auctions/${encodeURIComponent(auctionId)}/addenda`, { body });
