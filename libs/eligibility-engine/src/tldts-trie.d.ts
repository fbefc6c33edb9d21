/** tldts ships its compiled Public Suffix List trie without a declaration beside the CommonJS file. */
declare module 'tldts/dist/cjs/src/data/trie.js' {
  export const nodeFlags: Uint8Array;
  export const edgeStart: Uint16Array;
  export const edgeLength: Uint8Array;
  export const edgeChild: Uint16Array;
  export const labelText: string;
  export const rulesRoot: number;
  export const exceptionsRoot: number;
}
