// SPDX-License-Identifier: Apache-2.0
/** Unit tests of the sort a table's column announces and the order clicks go through. */
import { describe, expect, it } from 'vitest';
import { columnSort, nextSort } from './VirtualTable';

describe('table sort', () => {
  it('announces ascending, descending or none per column', () => {
    expect(columnSort(undefined, 'name')).toBe('none');
    expect(columnSort({ id: 'name', desc: false }, 'name')).toBe('ascending');
    expect(columnSort({ id: 'name', desc: true }, 'name')).toBe('descending');
    expect(columnSort({ id: 'age', desc: true }, 'name')).toBe('none');
  });
  it('goes ascending, descending, unsorted; another column starts ascending', () => {
    expect(nextSort(undefined, 'name')).toEqual({ id: 'name', desc: false });
    expect(nextSort({ id: 'name', desc: false }, 'name')).toEqual({ id: 'name', desc: true });
    expect(nextSort({ id: 'name', desc: true }, 'name')).toBeUndefined();
    expect(nextSort({ id: 'name', desc: true }, 'age')).toEqual({ id: 'age', desc: false });
  });
});
