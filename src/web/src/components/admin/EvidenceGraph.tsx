import { useT } from '../../i18n';
import type { GraphEdge, GraphNode } from '../../../../shared/api/review';

const SIZE = 360;
const CENTER = SIZE / 2;
const RING = 130;

/**
 * Where each account sits: the account under review in the middle, everyone else on a
 * ring in the server's order (seller first). Deterministic, so the same case always
 * draws the same picture and a browser test can find the nodes.
 */
export function layout(nodes: readonly GraphNode[]): Map<string, { x: number; y: number }> {
  const out = new Map<string, { x: number; y: number }>();
  const rest = nodes.filter((n) => n.role !== 'subject');
  for (const n of nodes) if (n.role === 'subject') out.set(n.id, { x: CENTER, y: CENTER });
  rest.forEach((n, i) => {
    const angle = -Math.PI / 2 + (2 * Math.PI * i) / Math.max(rest.length, 1);
    out.set(n.id, { x: Math.round(CENTER + RING * Math.cos(angle)), y: Math.round(CENTER + RING * Math.sin(angle)) });
  });
  return out;
}

/** The evidence graph as SVG: accounts as circles, shared identifiers as lines, each with a text equivalent. */
export function EvidenceGraph({ nodes, edges }: { nodes: GraphNode[]; edges: GraphEdge[] }) {
  const { t } = useT('review');
  const at = layout(nodes);
  const name = (id: string) => nodes.find((n) => n.id === id)?.displayName ?? id;
  return (
    <figure className="evidence-graph">
      <svg viewBox={`0 0 ${SIZE} ${SIZE}`} role="img" aria-labelledby="evidence-graph-title" data-testid="evidence-graph">
        <title id="evidence-graph-title">{t('graph.title')}</title>
        {edges.map((e) => {
          const a = at.get(e.a);
          const b = at.get(e.b);
          if (!a || !b) return null;
          return (
            <line key={`${e.a}-${e.b}-${e.via}`} x1={a.x} y1={a.y} x2={b.x} y2={b.y} className={`edge edge-${e.via}`} strokeWidth={Math.min(1 + e.count, 6)}>
              <title>{t('graph.edge', { a: name(e.a), b: name(e.b), via: t(`graph.via.${e.via}`), count: e.count })}</title>
            </line>
          );
        })}
        {nodes.map((n) => {
          const p = at.get(n.id);
          if (!p) return null;
          return (
            <g key={n.id} className={`node node-${n.role} standing-${n.standing}`} data-testid="graph-node" data-user={n.id}>
              <circle cx={p.x} cy={p.y} r={n.role === 'subject' ? 22 : 16} />
              <text x={p.x} y={p.y + 34} textAnchor="middle">
                {n.displayName}
              </text>
              <title>{t('graph.node', { name: n.displayName, days: n.ageDays, standing: t(`standings.${n.standing}`) })}</title>
            </g>
          );
        })}
      </svg>
      <figcaption>
        <p className="muted">{t('graph.hint')}</p>
        <ul className="graph-legend">
          {nodes.map((n) => (
            <li key={n.id}>
              {t('graph.node', { name: n.displayName, days: n.ageDays, standing: t(`standings.${n.standing}`) })} ({t(`graph.roles.${n.role}`)})
            </li>
          ))}
          {edges.map((e) => (
            <li key={`${e.a}-${e.b}-${e.via}`}>{t('graph.edge', { a: name(e.a), b: name(e.b), via: t(`graph.via.${e.via}`), count: e.count })}</li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
