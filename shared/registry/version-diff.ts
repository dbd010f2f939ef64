// SPDX-License-Identifier: Apache-2.0
/**
 * Versions side by side: one row per param or metric key with each version's value and whether
 * they differ; and the search the models list uses (name, description, tags, aliases). Pure.
 */

/** One key across versions. */
export interface DiffRow<V extends string | number> {
  key: string;
  /** One value per version, in the order given; undefined where a version lacks the key. */
  values: (V | undefined)[];
  /** Not every version has the same value (a missing value counts as different). */
  differs: boolean;
}

function same<V>(a: V | undefined, b: V | undefined): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b || (Number.isNaN(a) && Number.isNaN(b));
  return a === b;
}

/**
 * Rows for every key any version has, sorted by key.
 * @param columns - per version, its key → value map
 * @param differencesOnly - keep only rows whose values differ
 */
export function diffRows<V extends string | number>(columns: ReadonlyArray<Readonly<Record<string, V>>>, differencesOnly = false): DiffRow<V>[] {
  const keys = new Set<string>();
  for (const c of columns) for (const k of Object.keys(c)) keys.add(k);
  const rows: DiffRow<V>[] = [...keys]
    .sort((a, b) => a.localeCompare(b))
    .map((key) => {
      const values = columns.map((c) => (Object.prototype.hasOwnProperty.call(c, key) ? c[key] : undefined));
      const differs = values.some((v) => !same(v, values[0]));
      return { key, values, differs };
    });
  return differencesOnly ? rows.filter((r) => r.differs) : rows;
}

/** What the models search looks at. */
export interface Searchable {
  name: string;
  description: string;
  tags: { key: string; value: string }[];
  aliases: { alias: string }[];
}

/**
 * Whether a model matches a search: every word (case-insensitive) is in its name, description,
 * a tag (`key`, `value` or `key=value`) or an alias (`@alias` matches aliases only).
 */
export function matchesSearch(m: Searchable, search: string | undefined): boolean {
  const words = (search ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const name = m.name.toLowerCase();
  const description = m.description.toLowerCase();
  const tags = m.tags.map((t) => `${t.key}=${t.value}`.toLowerCase());
  const aliases = m.aliases.map((a) => a.alias.toLowerCase());
  return words.every((w) => {
    if (w.startsWith('@')) return aliases.some((a) => a.includes(w.slice(1)));
    return name.includes(w) || description.includes(w) || tags.some((t) => t.includes(w)) || aliases.some((a) => a.includes(w));
  });
}
