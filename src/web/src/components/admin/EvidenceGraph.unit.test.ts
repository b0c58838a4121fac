import { describe, expect, it } from 'vitest';
import { layout } from './EvidenceGraph';

describe('evidence graph layout', () => {
  it('when the same case is drawn twice, then every account sits in the same place, the subject in the middle', () => {
    const node = (id: string, role: 'subject' | 'seller' | 'linked') => ({ id, displayName: id, ageDays: 1, verification: 'none', standing: 'ok' as const, role });
    const nodes = [node('s', 'subject'), node('v', 'seller'), node('a', 'linked'), node('b', 'linked')];
    const first = layout(nodes);
    expect(layout(nodes)).toEqual(first);
    expect(first.get('s')).toEqual({ x: 180, y: 180 });
    expect(first.get('v')).toEqual({ x: 180, y: 50 });
    expect(new Set([...first.values()].map((p) => `${p.x},${p.y}`)).size).toBe(4);
  });
});
