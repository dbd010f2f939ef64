// SPDX-License-Identifier: Apache-2.0
/** The "Age" column of a list table: how long ago each row's object was created, newest first when sorted. */
import { age } from '../../lib/format';
import type { Column } from '../VirtualTable';

/**
 * The column.
 * @param createdAt - a row's creation time (ISO)
 */
export function ageColumn<R>(createdAt: (row: R) => string | undefined, width = 50): Column<R> {
  return {
    id: 'age',
    title: 'Age',
    width,
    align: 'right',
    text: (r) => age(createdAt(r)),
    sortValue: (r) => -Date.parse(createdAt(r) ?? '1970-01-01'),
  };
}
