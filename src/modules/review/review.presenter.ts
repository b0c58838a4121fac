import type { CaseDetail, CaseSummary, GraphAuction, GraphEdge, GraphNode } from '../../shared/api/review.js';
import type { AccountRecord, CaseRecord } from './review.repository.js';

export const presentCase = (c: CaseRecord): CaseSummary => ({
  id: c.id,
  status: c.status,
  kind: c.kind,
  score: c.score,
  subject: { id: c.subjectId, displayName: c.subjectName },
  auctionId: c.auctionId,
  openedAt: c.openedAt.toISOString(),
  updatedAt: c.updatedAt.toISOString(),
  resolution: c.resolution,
});

/** The evidence graph: accounts (the subject, the seller, the linked ones), their shared identifiers, the auctions they met on. */
export function presentGraph(
  accounts: readonly AccountRecord[],
  roles: { subjectId: string; sellerId: string | null },
  edges: GraphEdge[],
  auctions: GraphAuction[],
  now: number,
): CaseDetail['graph'] {
  const nodes: GraphNode[] = accounts.map((a) => ({
    id: a.id,
    displayName: a.displayName,
    ageDays: Math.max(0, Math.floor((now - a.createdAt.getTime()) / 86_400_000)),
    // The verification module records levels; until it is wired in, every account reads `none`.
    verification: 'none',
    standing: a.standing,
    role: a.id === roles.subjectId ? 'subject' : a.id === roles.sellerId ? 'seller' : 'linked',
  }));
  const order = { subject: 0, seller: 1, linked: 2 } as const;
  nodes.sort((x, y) => order[x.role] - order[y.role] || x.id.localeCompare(y.id));
  return { nodes, edges, auctions };
}
