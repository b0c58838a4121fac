export { AuctionService, type AuctionEventMessage, type CreateAuctionRequest } from './auction.service.js';
export { auctionRoutes } from './auctions.routes.js';
export type { AuctionView } from './auction.presenter.js';
export type { AuctionRecord } from './auction.repository.js';
export * as domain from './domain/index.js';
export { AuctionViews, viewerKey } from './auction.views.js';
export type { TranscriptData, TranscriptSigner } from './auction.transcripts.js';
