/**
 * A guard against alias bombs ("billion laughs"): a few lines of YAML whose aliases expand to
 * billions of nodes would make the decoder walk forever. Like yaml.v2 ("document contains
 * excessive aliasing"), a document is refused when its expanded size is out of proportion;
 * the sizes are counted once per node, so the check itself is linear.
 */

import { isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { Node as YNode } from 'yaml';
import type { Decoder, Node } from '../../config/yamlDecoder.js';

/** Expanded nodes allowed: plenty for any real config, far below what a bomb asks. */
const MAX_EXPANDED = 1_000_000;

export function checkAliasing(d: Decoder): void {
  const sizes = new Map<YNode, number>();
  const busy = new Set<YNode>();
  const size = (n: Node): number => {
    const x = n && isAlias(n) ? d.deref(n) : n;
    if (!x) return 1;
    const known = sizes.get(x);
    if (known !== undefined) return known;
    if (busy.has(x)) d.fail(n, 'yaml: document contains excessive aliasing');
    busy.add(x);
    let s = 1;
    if (isMap(x)) for (const p of x.items) s += size(p.key as Node) + size(p.value as Node);
    else if (isSeq(x)) for (const it of x.items) s += size(it as Node);
    else if (!isScalar(x)) s = 1;
    busy.delete(x);
    if (s > MAX_EXPANDED) d.fail(n, 'yaml: document contains excessive aliasing');
    sizes.set(x, s);
    return s;
  };
  size(d.root);
}
