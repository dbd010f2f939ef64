// SPDX-License-Identifier: Apache-2.0
/** Ranking for the command palette: every word of the query must match; prefix and word starts rank first. */

/** One thing the palette can jump to. */
export interface PaletteItem {
  id: string;
  group: 'Cluster' | 'Page' | 'Namespace' | 'Object' | 'Shortcut';
  title: string;
  subtitle?: string;
  run(): void;
}

function score(hay: string, word: string): number {
  const i = hay.indexOf(word);
  if (i < 0) return -1;
  if (i === 0) return 3;
  if (/[\s/\-_.:]/.test(hay[i - 1] ?? '')) return 2;
  return 1;
}

/** The words a group is found by ("shortcuts", "keys" and "keyboard" for shortcuts). */
function groupWords(group: PaletteItem['group']): string {
  return group === 'Shortcut' ? 'shortcuts keys keyboard' : group;
}

/** Items matching `query`, best first, at most `limit`. */
export function searchPalette(items: PaletteItem[], query: string, limit = 50): PaletteItem[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return items.slice(0, limit);
  const scored: { item: PaletteItem; s: number }[] = [];
  for (const item of items) {
    const hay = `${item.title} ${item.subtitle ?? ''} ${groupWords(item.group)}`.toLowerCase();
    let s = 0;
    let ok = true;
    for (const w of words) {
      const ws = score(hay, w);
      if (ws < 0) {
        ok = false;
        break;
      }
      s += ws;
    }
    if (ok) scored.push({ item, s: s * 1000 - item.title.length });
  }
  scored.sort((a, b) => b.s - a.s);
  return scored.slice(0, limit).map((x) => x.item);
}
