export { AuctionService, type AuctionEventMessage, type CreateAuctionRequest, type ListingGuard } from './auction.service.js';
export type { AuctionModeration, VoidOutcome } from './auction.moderation.js';
export { auctionRoutes } from './auctions.routes.js';
export type { AuctionView } from './auction.presenter.js';
export type { AuctionRecord } from './auction.repository.js';
export * as domain from './domain/index.js';
export { AuctionViews, viewerKey } from './auction.views.js';
export type { BidAttempt, BidGuard } from './auction.service.types.js';
export type { TranscriptData, TranscriptSigner } from './auction.transcripts.js';
