// SPDX-License-Identifier: Apache-2.0
/** Unit tests of the shortcut list: the palette's own key, the platform's modifier, no duplicates. */
import { describe, expect, it } from 'vitest';
import { shortcuts } from './shortcuts';

describe('shortcuts', () => {
  it('lists the palette key and writes the platform’s modifier', () => {
    expect(shortcuts()[0]).toEqual({ keys: 'Ctrl+K', what: 'Open or close the command palette', where: 'Anywhere' });
    expect(shortcuts('⌘').some((s) => s.keys === '⌘+S' && s.where === 'Notebook')).toBe(true);
  });
  it('has each key once per place', () => {
    const keys = shortcuts().map((s) => `${s.where}|${s.keys}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
