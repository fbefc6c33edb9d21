/**
 * The whole Public Suffix List (ICANN and private sections), as shipped by tldts.
 *
 * tldts answers "what is the public suffix / registrable domain of this name", but not "is there
 * a public suffix anywhere BELOW this name" (`*.amazonaws.com` is not itself a suffix, yet
 * `s3.amazonaws.com` and hundreds of other AWS names are). That question needs the list itself:
 * tldts ships it as a compiled label trie (`dist/cjs/src/data/trie.js`, the same data its own
 * lookups walk), so we walk that trie rather than keep a hand list or a second copy of the PSL.
 * The tldts version is pinned exactly in package.json; the table tests of `wildcardVerdict` fail
 * loudly if a tldts upgrade changes the trie's layout.
 *
 * Trie layout (tldts 7.x): node `n` has edges `edgeStart[n] … edgeStart[n + 1] − 1`; edge `e`
 * carries the label `labelText[offset(e) … offset(e) + edgeLength[e]]` (offsets are the running
 * sum of edgeLength) and leads to node `edgeChild[e]`; `nodeFlags[n]` is 1 (ICANN rule ends here),
 * 2 (private rule) or 0 (inner node). Labels are walked right to left from `rulesRoot`; `*` is a
 * wildcard edge. Exception rules (`!city.kawasaki.jp`) live under `exceptionsRoot` and only ever
 * make a name NOT a suffix, so they cannot add a suffix below a name.
 */
import { getDomain } from 'tldts';
import { edgeChild, edgeLength, edgeStart, labelText, rulesRoot } from 'tldts/dist/cjs/src/data/trie.js';

const PSL_OPTIONS = {
  allowPrivateDomains: true,
  extractHostname: false,
  detectIp: false,
  validateHostname: false,
  mixedInputs: false,
} as const;

/** Per node, its edges by label (built lazily on first visit: the root alone has ~1,500 edges). */
let edgeOffset: Uint32Array | null = null;
const childrenByNode = new Map<number, Map<string, number>>();

function children(node: number): Map<string, number> {
  let map = childrenByNode.get(node);
  if (map === undefined) {
    if (edgeOffset === null) {
      edgeOffset = new Uint32Array(edgeLength.length);
      for (let e = 0, o = 0; e < edgeLength.length; e++) {
        edgeOffset[e] = o;
        o += edgeLength[e];
      }
    }
    map = new Map();
    for (let e = edgeStart[node]; e < edgeStart[node + 1]; e++) {
      map.set(labelText.slice(edgeOffset[e], edgeOffset[e] + edgeLength[e]), edgeChild[e]);
    }
    childrenByNode.set(node, map);
  }
  return map;
}

/**
 * Whether some PSL rule (ICANN or private) names a suffix strictly below `name`, i.e. a rule
 * `<labels>.name`. Every path of the trie that `name` reaches (exact labels and `*` wildcards)
 * is followed; a reached node with any edge means a longer rule exists.
 */
export function hasPublicSuffixBelow(name: string): boolean {
  const labels = name.split('.').reverse();
  let nodes = [rulesRoot];
  for (const label of labels) {
    const next: number[] = [];
    for (const n of nodes) {
      const edges = children(n);
      const exact = edges.get(label);
      if (exact !== undefined) next.push(exact);
      const wildcard = label === '*' ? undefined : edges.get('*');
      if (wildcard !== undefined) next.push(wildcard);
    }
    if (next.length === 0) return false;
    nodes = next;
  }
  return nodes.some((n) => edgeStart[n + 1] > edgeStart[n]);
}

/** The registrable domain of `name` under the whole PSL (private section included); null for a public suffix. */
export function registrableDomain(name: string): string | null {
  return getDomain(name, PSL_OPTIONS);
}

export type WildcardVerdict = { ok: true } | { ok: false; detail: string };

/**
 * `*.base` is acceptable only when it stays inside one registrant's namespace under the WHOLE
 * PSL: `base` is a registrable domain or below one (not itself a public suffix: `*.co.jp`,
 * `*.s3.amazonaws.com`, `*.cloudfront.net` fail), and no public suffix lies anywhere below
 * `base` (`*.amazonaws.com` fails because `s3.amazonaws.com` … are suffixes). Exceptions
 * (`*.city.kawasaki.jp`) pass, as the PSL makes `city.kawasaki.jp` registrable.
 */
export function wildcardVerdict(base: string): WildcardVerdict {
  if (registrableDomain(base) === null) return { ok: false, detail: `${base} is a public suffix` };
  if (hasPublicSuffixBelow(base)) return { ok: false, detail: `public suffixes lie below ${base} (other registrants' names)` };
  return { ok: true };
}
