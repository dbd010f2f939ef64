// SPDX-License-Identifier: Apache-2.0
/**
 * How a loop frame of the run graph picks its iteration: given by the run page (a context, so that
 * the graph's nodes reach it without React Flow's node data carrying it; a stable function, so no
 * node renders again for it).
 */
import { createContext } from 'react';

/** Picks an iteration of a loop (null: all its iterations). */
export type PickIteration = (loop: string, index: number | null) => void;

export const LoopPickContext = createContext<PickIteration>(() => undefined);
