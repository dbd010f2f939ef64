// SPDX-License-Identifier: Apache-2.0
/** CSV/TSV and JSON Lines previews: moved to renderer/lib (a run's dataset artifacts use them too). */
export * from '../../lib/table-preview';
