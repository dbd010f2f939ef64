// SPDX-License-Identifier: Apache-2.0
/** Unit tests of where Tab moves inside a modal dialog: forward, back, wrapping, and into it from outside. */
import { describe, expect, it } from 'vitest';
import { nextFocusIndex } from './modal-focus';

describe('nextFocusIndex', () => {
  it('moves forward and back, wrapping at both ends', () => {
    expect(nextFocusIndex(3, 0, false)).toBe(1);
    expect(nextFocusIndex(3, 2, false)).toBe(0);
    expect(nextFocusIndex(3, 0, true)).toBe(2);
    expect(nextFocusIndex(3, 1, true)).toBe(0);
  });
  it('enters the dialog from outside at its first (or, going back, its last) element', () => {
    expect(nextFocusIndex(3, -1, false)).toBe(0);
    expect(nextFocusIndex(3, -1, true)).toBe(2);
  });
  it('has nowhere to go in a dialog with nothing focusable', () => {
    expect(nextFocusIndex(0, -1, false)).toBe(-1);
  });
});
