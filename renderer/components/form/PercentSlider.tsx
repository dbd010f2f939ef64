// SPDX-License-Identifier: Apache-2.0
/**
 * A percentage chosen with a slider (steps of 5) or typed in a number box beside it, under a
 * label; the caller's row holds it with whatever follows (a summary, an apply button).
 */
import { clampPercent } from './percent';

/** The label, slider and number box. */
export function PercentSlider(props: {
  /** The slider's id (its label points at it). */
  id: string;
  label: string;
  /** The number box's accessible label. */
  numberLabel: string;
  numberTestId: string;
  rangeTestId?: string;
  value: number;
  onChange(percent: number): void;
}) {
  return (
    <>
      <label htmlFor={props.id} className="muted">
        {props.label}
      </label>
      <input
        id={props.id}
        type="range"
        min={0}
        max={100}
        step={5}
        value={props.value}
        data-testid={props.rangeTestId}
        onChange={(e) => props.onChange(Number(e.target.value))}
      />
      <input
        className="input"
        type="number"
        min={0}
        max={100}
        style={{ width: 70 }}
        aria-label={props.numberLabel}
        data-testid={props.numberTestId}
        value={props.value}
        onChange={(e) => props.onChange(clampPercent(e.target.value))}
      />
    </>
  );
}
