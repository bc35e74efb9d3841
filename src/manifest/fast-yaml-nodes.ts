/*
 * fast-yaml.ts's position tree: where each key and value of a parsed manifest starts, so that
 * findings point where yaml's own nodes would (load.ts's locate() over yaml's document).
 */

export type Path = readonly (string | number)[];
export type FastNode =
  | { start: number; keys?: undefined; items?: undefined }
  | { start: number; keys: Map<string, number>; keyStarts: number[]; values: FastNode[]; items?: undefined }
  | { start: number; items: FastNode[]; keys?: undefined };
export type MapNode = { keys: Map<string, number>; keyStarts: number[] };

/** Records where `key` starts; false when the mapping has it already. */
export function addKey(node: MapNode, key: string, start: number): boolean {
  if (node.keys.has(key)) return false;
  node.keys.set(key, node.keyStarts.length);
  node.keyStarts.push(start);
  return true;
}

/** load.ts's locate(): the first pair whose key reads `String(part)`, a sequence's item by number. */
export function locate(root: FastNode, path: Path, which: "key" | "value"): number | undefined {
  let node = root;
  let key: number | undefined;
  let value: number | undefined = root.start;
  for (const part of path) {
    if (node.keys) {
      const index = node.keys.get(String(part));
      if (index === undefined) break;
      key = node.keyStarts[index];
      node = node.values[index];
      value = node.start;
    } else if (node.items && typeof part === "number" && node.items[part]) {
      key = undefined;
      node = node.items[part];
      value = node.start;
    } else break;
  }
  return which === "value" ? (value ?? key) : (key ?? value);
}
