// SPDX-License-Identifier: Apache-2.0
/** Parquet previews: moved to renderer/lib (a run's dataset artifacts use them too). */
export * from '../../lib/parquet-preview';
